import { IsString, Matches, MaxLength } from 'class-validator';

export class AssignmentDto {
  @IsString() @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'analyst must be the username of an analyst' })
  analyst: string;

  @IsString() @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'reviewer must be the username of a reviewer' })
  reviewer: string;

  @IsString() @MaxLength(10) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date (YYYY-MM-DD)' })
  dueDate: string;
}

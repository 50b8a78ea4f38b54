import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { CASE_CLIENT_EVENTS } from '../case-machine';

export class CaseEventDto {
  /** One of the client events of the criterion workflow; MARK_REPORTED is sent only by the system. */
  @IsIn(CASE_CLIENT_EVENTS)
  type: (typeof CASE_CLIENT_EVENTS)[number];

  @IsOptional() @IsString() @MaxLength(4000)
  comment?: string;

  /** The version the client last saw; a different current version answers 409 VERSION_CONFLICT. */
  @IsOptional() @IsInt() @Min(0)
  expectedVersion?: number;
}

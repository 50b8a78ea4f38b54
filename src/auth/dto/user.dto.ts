import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NotBlank } from '../../common/not-blank';
import { ROLES } from '../user.entity';
import type { Role } from '../user.entity';

export class CreateUserDto {
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'username must be 2-64 lowercase letters, digits, dot, dash or underscore' })
  username: string;

  @IsString() @NotBlank() @MaxLength(120)
  displayName: string;

  @IsString() @MinLength(12, { message: 'password must be at least 12 characters' }) @MaxLength(256)
  password: string;

  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(ROLES, { each: true })
  roles: Role[];
}

export class ChangeRolesDto {
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(ROLES, { each: true })
  roles: Role[];
}

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  active: boolean;
  createdAt: string;
}

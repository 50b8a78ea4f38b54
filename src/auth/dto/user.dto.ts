import { ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
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

  @IsArray() @ArrayMinSize(1, { message: 'roles: choose at least one role' }) @ArrayUnique() @IsIn(ROLES, { each: true })
  roles: Role[];

  @IsOptional() @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254)
  email?: string;
}

export class ResetPasswordDto {
  @IsString() @MinLength(20) @MaxLength(100)
  token: string;

  @IsString() @MinLength(12, { message: 'password must be at least 12 characters' }) @MaxLength(256)
  password: string;
}

export interface PasswordResetView {
  username: string;
  /** Shown once to the admin; only its hash is kept. */
  token: string;
  expiresAt: string;
  resetPath: string;
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
  email: string | null;
}

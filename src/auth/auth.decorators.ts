import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from './user.entity';
import type { AuthUser } from './auth.types';

export const IS_PUBLIC = 'conditionsDesk:isPublic';
export const REQUIRED_ROLES = 'conditionsDesk:roles';

/** A route anyone may call without signing in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** A route only holders of one of these roles may call; checked before the body is validated. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});

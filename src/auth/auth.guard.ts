import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { forbidden, unauthenticated } from '../common/domain-error';
import { IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { AuthService } from './auth.service';
import type { AuthUser } from './auth.types';
import type { Role } from './user.entity';

/**
 * Global guard for every route: a bearer token (or, for the web pages, the session
 * cookie, set by the web module) and the route's roles. Guards run before pipes, so
 * a refused role gets 403 whatever the body holds.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser; sessionToken?: string }>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : request.sessionToken;
    if (!token) throw unauthenticated();
    const user = await this.auth.authenticate(token);
    request.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles?.length && !roles.some((role) => user.roles.includes(role))) {
      throw forbidden('ROLE_REQUIRED', `This action requires one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}

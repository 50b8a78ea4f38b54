import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth.types';
import { ChangeRolesDto, CreateUserDto, PasswordResetView, ResetPasswordDto } from '../auth/dto/user.dto';
import { ROLES } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { formatInstant } from './case.view';
import { formToDto } from './web-forms';
import { WebPage } from './web-page';
import { WebRequest, WebSession } from './web-session';

const NOTICES: Record<string, string> = {
  created: 'User created.',
  roles: 'Roles changed. The person signs in again to use them.',
  deactivated: 'User deactivated. Their sessions have ended.',
  reactivated: 'User reactivated.',
};

export interface AdminPageExtras {
  error: string | null;
  /** Field name -> its message, when the refusal was about fields. */
  fields: string[];
  fieldMessages?: Record<string, string>;
  values: Record<string, string>;
  reset: PasswordResetView | null;
}

/** Users, roles, deactivation and password resets for admins; the reset page for everyone. */
@Injectable()
export class WebAdminService {
  constructor(
    private readonly users: UsersService,
    private readonly page: WebPage,
    private readonly session: WebSession,
  ) {}

  async list(req: WebRequest, done: unknown, extras: AdminPageExtras = { error: null, fields: [], values: {}, reset: null }): Promise<string> {
    const people = await this.users.list();
    // A refused create form comes back with what was typed; any other refusal is shown on top.
    const isCreate = Object.keys(extras.values).length > 0;
    const errorFor = (field: string) => (extras.fields.includes(field) ? (extras.fieldMessages?.[field] ?? extras.error) : null);
    const view = {
      notice: typeof done === 'string' ? (NOTICES[done] ?? null) : null,
      users: people.map((u) => ({
        ...u,
        createdAtText: formatInstant(u.createdAt),
        self: u.username === req.user?.username,
        roleChoices: ROLES.map((role) => ({ role, checked: u.roles.includes(role) })),
        rolesText: u.roles.join(', '),
      })),
      create: {
        values: { username: extras.values.username ?? '', displayName: extras.values.displayName ?? '', email: extras.values.email ?? '' },
        roleChoices: ROLES.map((role) => ({ role, checked: (extras.values.roles ?? '').split(',').includes(role) })),
        error: isCreate ? extras.error : null,
        anyField: ['username', 'displayName', 'password', 'roles', 'email'].some((f) => extras.fields.includes(f)),
        errors: { username: errorFor('username'), displayName: errorFor('displayName'), password: errorFor('password'), roles: errorFor('roles'), email: errorFor('email') },
      },
      reset: extras.reset,
      error: isCreate ? null : extras.error,
    };
    return this.page.render(req, 'admin-users', { title: 'Users', section: 'users' }, view);
  }

  async create(actor: AuthUser, body: unknown) {
    const dto = formToDto(CreateUserDto, body, { username: 'string', displayName: 'string', password: 'string', email: 'optional', roles: 'list' });
    await this.users.create(actor, dto);
    return { url: '/admin/users?done=created' };
  }

  async changeRoles(actor: AuthUser, id: number, body: unknown) {
    await this.users.changeRoles(actor, id, formToDto(ChangeRolesDto, body, { roles: 'list' }));
    return { url: '/admin/users?done=roles' };
  }

  async deactivate(actor: AuthUser, id: number) {
    await this.users.deactivate(actor, id);
    return { url: '/admin/users?done=deactivated' };
  }

  async reactivate(actor: AuthUser, id: number) {
    await this.users.reactivate(actor, id);
    return { url: '/admin/users?done=reactivated' };
  }

  /** Rendered, not redirected: the one-time link must not sit in a URL or the browser history. */
  async passwordReset(req: WebRequest, id: number): Promise<string> {
    const reset = await this.users.issuePasswordReset(req.user as AuthUser, id);
    return this.list(req, undefined, { error: null, fields: [], values: {}, reset });
  }

  resetForm(req: WebRequest, res: Response, token: unknown, error: string | null = null): string {
    const view = { loginToken: this.session.loginToken(req, res), token: typeof token === 'string' ? token : '', error };
    return this.page.renderWith({ cookies: {} } as WebRequest, 'reset-password', { title: 'Choose a new password', section: 'none' }, view);
  }

  async resetPassword(body: unknown) {
    const dto = formToDto(ResetPasswordDto, body, { token: 'string', password: 'string' });
    await this.users.resetPassword(dto);
    return { url: '/login?reset=1' };
  }
}

import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { conflict, invalidInput, notFound } from '../common/domain-error';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { isUniqueViolation } from '../database/storage-fault';
import { JournalService } from '../audit/journal.service';
import type { AuthUser } from './auth.types';
import { ChangeRolesDto, CreateUserDto, PasswordResetView, ResetPasswordDto, UserView } from './dto/user.dto';
import { hashPassword } from './password-hasher';
import { Role, rolesOf, UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export function toUserView(user: UserEntity): UserView {
  return { id: user.id, username: user.username, displayName: user.displayName, roles: rolesOf(user), active: user.active, createdAt: user.createdAt, email: user.email ?? null };
}

/** A one-time reset link stays valid this long. */
const RESET_TTL_MS = 24 * 3600 * 1000;
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Admin operations on users; every change is journalled (never the password hash). */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly journal: JournalService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(toUserView);
  }

  async create(actor: Pick<AuthUser, 'username'>, dto: CreateUserDto): Promise<UserView> {
    const passwordHash = await hashPassword(dto.password);
    return this.unitOfWork.write(async (tx) => {
      if (await this.users.findByUsername(dto.username, tx)) throw conflict('USERNAME_TAKEN', `Username '${dto.username}' is taken`);
      const at = this.clock.now().toISOString();
      const user = await this.users.save(
        tx,
        Object.assign(new UserEntity(), {
          username: dto.username,
          displayName: dto.displayName,
          passwordHash,
          roles: [...dto.roles].sort().join(','),
          active: true,
          tokenVersion: 0,
          createdAt: at,
          email: dto.email ?? null,
        }),
      );
      await this.journal.append(tx, [
        { at, entityType: 'user', entityId: user.username, event: 'USER_CREATED', actor: actor.username, payload: { roles: rolesOf(user), displayName: user.displayName } },
      ]);
      return toUserView(user);
    }).catch((error: unknown) => {
      // A parallel create of the same username on PostgreSQL meets it in the unique index.
      if (isUniqueViolation(error)) throw conflict('USERNAME_TAKEN', `Username '${dto.username}' is taken`);
      throw error;
    });
  }

  changeRoles(actor: AuthUser, id: number, dto: ChangeRolesDto): Promise<UserView> {
    return this.update(actor, id, 'USER_ROLES_CHANGED', (user) => {
      const before = rolesOf(user);
      user.roles = [...dto.roles].sort().join(',');
      return { before, after: rolesOf(user) as Role[] };
    });
  }

  deactivate(actor: AuthUser, id: number): Promise<UserView> {
    return this.update(actor, id, 'USER_DEACTIVATED', (user) => {
      if (user.username === actor.username) throw conflict('CANNOT_DEACTIVATE_SELF', 'An admin cannot deactivate their own account');
      user.active = false;
      return {};
    });
  }

  reactivate(actor: AuthUser, id: number): Promise<UserView> {
    return this.update(actor, id, 'USER_REACTIVATED', (user) => {
      if (user.active) throw conflict('USER_ACTIVE', `${user.username} is active already`);
      user.active = true;
      return {};
    });
  }

  /**
   * Issues a one-time password-reset token for the admin to hand over. Only its hash is
   * stored; the journal records that a reset was issued, never the token. Earlier sessions end.
   */
  async issuePasswordReset(actor: AuthUser, id: number): Promise<PasswordResetView> {
    const token = randomBytes(32).toString('base64url');
    let expiresAt = '';
    const user = await this.update(actor, id, 'USER_PASSWORD_RESET_ISSUED', (record) => {
      expiresAt = new Date(this.clock.now().getTime() + RESET_TTL_MS).toISOString();
      return { expiresAt };
    }, async (tx, record) => {
      const p = (n: number) => this.unitOfWork.param(n);
      await tx.query(`UPDATE password_resets SET used_at = ${p(1)} WHERE username = ${p(2)} AND used_at IS NULL`, [this.clock.now().toISOString(), record.username]);
      await tx.query(`INSERT INTO password_resets (token_hash, username, created_by, expires_at) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`, [tokenHash(token), record.username, actor.username, expiresAt]);
    });
    return { username: user.username, token, expiresAt, resetPath: `/reset-password?token=${token}` };
  }

  /** Sets a new password with a one-time token; the token is spent, the user's sessions end. */
  async resetPassword(dto: ResetPasswordDto): Promise<void> {
    const passwordHash = await hashPassword(dto.password);
    await this.unitOfWork.write(async (tx) => {
      const p = (n: number) => this.unitOfWork.param(n);
      const now = this.clock.now().toISOString();
      const [row] = await tx.query(`SELECT username, expires_at, used_at FROM password_resets WHERE token_hash = ${p(1)}${this.unitOfWork.forUpdate}`, [tokenHash(dto.token)]);
      if (!row || row.used_at || row.expires_at < now) throw invalidInput('RESET_TOKEN_INVALID', 'This reset link is not valid any more; ask an admin for a new one', { fields: ['token'] });
      const user = await this.users.findByUsername(row.username, tx);
      if (!user || !user.active) throw invalidInput('RESET_TOKEN_INVALID', 'This reset link is not valid any more; ask an admin for a new one', { fields: ['token'] });
      await tx.query(`UPDATE password_resets SET used_at = ${p(1)} WHERE token_hash = ${p(2)}`, [now, tokenHash(dto.token)]);
      user.passwordHash = passwordHash;
      user.tokenVersion += 1;
      await this.users.save(tx, user);
      await this.journal.append(tx, [{ at: now, entityType: 'user', entityId: user.username, event: 'USER_PASSWORD_RESET', actor: user.username, payload: {} }]);
    });
  }

  private update(
    actor: AuthUser,
    id: number,
    event: string,
    change: (user: UserEntity) => Record<string, unknown>,
    also?: (tx: import('typeorm').EntityManager, user: UserEntity) => Promise<void>,
  ): Promise<UserView> {
    return this.unitOfWork.write(async (tx) => {
      const user = await tx.getRepository(UserEntity).findOneBy({ id });
      if (!user) throw notFound('user', String(id));
      const payload = change(user);
      if (also) await also(tx, user);
      // Earlier tokens stop working at once: they carry the old token version.
      user.tokenVersion += 1;
      await this.users.save(tx, user);
      await this.journal.append(tx, [{ at: this.clock.now().toISOString(), entityType: 'user', entityId: user.username, event, actor: actor.username, payload }]);
      return toUserView(user);
    });
  }
}

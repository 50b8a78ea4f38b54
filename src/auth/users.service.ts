import { Injectable } from '@nestjs/common';
import { conflict, notFound } from '../common/domain-error';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { isUniqueViolation } from '../database/storage-fault';
import { JournalService } from '../audit/journal.service';
import type { AuthUser } from './auth.types';
import { ChangeRolesDto, CreateUserDto, UserView } from './dto/user.dto';
import { hashPassword } from './password-hasher';
import { Role, rolesOf, UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

export function toUserView(user: UserEntity): UserView {
  return { id: user.id, username: user.username, displayName: user.displayName, roles: rolesOf(user), active: user.active, createdAt: user.createdAt };
}

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

  private update(actor: AuthUser, id: number, event: string, change: (user: UserEntity) => Record<string, unknown>): Promise<UserView> {
    return this.unitOfWork.write(async (tx) => {
      const user = await tx.getRepository(UserEntity).findOneBy({ id });
      if (!user) throw notFound('user', String(id));
      const payload = change(user);
      // Earlier tokens stop working at once: they carry the old token version.
      user.tokenVersion += 1;
      await this.users.save(tx, user);
      await this.journal.append(tx, [{ at: this.clock.now().toISOString(), entityType: 'user', entityId: user.username, event, actor: actor.username, payload }]);
      return toUserView(user);
    });
  }
}

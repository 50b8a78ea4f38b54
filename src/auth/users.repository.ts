import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, MoreThan, Repository } from 'typeorm';
import { UnitOfWork } from '../database/unit-of-work';
import { UserEntity } from './user.entity';

const USER_COLUMNS = 'id, username, display_name, password_hash, roles, active, token_version, created_at, email';

interface UserRow {
  id: number | string;
  username: string;
  display_name: string;
  password_hash: string;
  roles: string;
  active: boolean | number;
  token_version: number | string;
  created_at: string;
  email: string | null;
  revoked?: number | null;
}

function userFromRow(row: UserRow): UserEntity {
  return Object.assign(new UserEntity(), {
    id: Number(row.id),
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    roles: row.roles,
    active: row.active === true || row.active === 1,
    tokenVersion: Number(row.token_version),
    createdAt: row.created_at,
    email: row.email,
  });
}

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * Runs on every authenticated request: the token's user and whether its session was signed
   * out, in one plain SQL statement (the query builder cost more than SQLite).
   */
  async findForSession(id: number, sid: string): Promise<{ user: UserEntity | null; revoked: boolean }> {
    const p = (n: number) => this.unitOfWork.param(n);
    const rows: UserRow[] = await this.users.manager.query(
      `SELECT ${USER_COLUMNS}, (SELECT 1 FROM revoked_sessions WHERE sid = ${p(1)}) AS revoked FROM users WHERE id = ${p(2)}`,
      [sid, id],
    );
    return rows.length ? { user: userFromRow(rows[0]), revoked: rows[0].revoked !== null } : { user: null, revoked: false };
  }

  findByUsername(username: string, tx?: EntityManager): Promise<UserEntity | null> {
    return (tx ? tx.getRepository(UserEntity) : this.users).findOneBy({ username });
  }

  /** Records a signed-out session and forgets those whose tokens have expired anyway. */
  async revokeSession(tx: EntityManager, sid: string, expiresAt: string, now: string): Promise<void> {
    await tx.query(`DELETE FROM revoked_sessions WHERE expires_at < ${this.unitOfWork.param(1)}`, [now]);
    await tx.query(
      this.unitOfWork.isPostgres ? 'INSERT INTO revoked_sessions (sid, expires_at) VALUES ($1, $2) ON CONFLICT (sid) DO NOTHING' : 'INSERT OR IGNORE INTO revoked_sessions (sid, expires_at) VALUES (?, ?)',
      [sid, expiresAt],
    );
  }

  /** Active users holding a role, e.g. every manager for a memo that is ready; plain SQL, it runs inside writes (a submission tells the reviewers). */
  async activeWithRole(role: string, tx?: EntityManager): Promise<UserEntity[]> {
    const rows: UserRow[] = await (tx ?? this.users.manager).query(`SELECT ${USER_COLUMNS} FROM users WHERE active = ${this.unitOfWork.param(1)} ORDER BY username ASC`, [true]);
    return rows.map(userFromRow).filter((user) => user.roles.split(',').includes(role));
  }

  /** Display names by username, active or not: documents name whoever acted, as they were called. */
  async displayNames(usernames: string[], tx?: EntityManager): Promise<Map<string, string>> {
    if (usernames.length === 0) return new Map();
    const users = await (tx ? tx.getRepository(UserEntity) : this.users).find({ where: { username: In(usernames) }, select: { username: true, displayName: true } });
    return new Map(users.map((user) => [user.username, user.displayName]));
  }

  /** Mail addresses of active users, by username (users without one are left out). */
  async addresses(usernames: string[], tx?: EntityManager): Promise<Map<string, string>> {
    if (usernames.length === 0) return new Map();
    const users = await (tx ? tx.getRepository(UserEntity) : this.users).find({ where: usernames.map((username) => ({ username, active: true })) });
    return new Map(users.filter((u) => u.email).map((u) => [u.username, u.email as string]));
  }

  /** Users in id order after `afterId`: reconciliation reads the whole table in bounded batches. */
  pageAfter(afterId: number, limit: number): Promise<UserEntity[]> {
    return this.users.find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
  }

  byUsernames(usernames: string[]): Promise<UserEntity[]> {
    return usernames.length ? this.users.find({ where: { username: In(usernames) } }) : Promise.resolve([]);
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  count(): Promise<number> {
    return this.users.count();
  }

  save(tx: EntityManager, user: UserEntity): Promise<UserEntity> {
    return tx.getRepository(UserEntity).save(user);
  }
}

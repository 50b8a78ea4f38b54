import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ROLES = ['analyst', 'reviewer', 'manager', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  /** Comma-separated roles; a person may hold several. */
  @Column({ type: 'varchar', length: 200 })
  roles: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Bumped on deactivation or role change so that earlier tokens stop working. */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  /** Where notification mail goes; none means in-app notifications only. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;
}

export function rolesOf(user: Pick<UserEntity, 'roles'>): Role[] {
  return user.roles ? (user.roles.split(',') as Role[]) : [];
}

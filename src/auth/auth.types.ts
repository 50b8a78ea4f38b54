import type { Role } from './user.entity';

/** The signed-in person as services see it. */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
}

export interface TokenClaims {
  sub: number;
  username: string;
  /** The user's token version when the token was signed; a later bump revokes it. */
  tv: number;
  /** Web sessions only: the session id that signing out revokes. */
  sid?: string;
  exp?: number;
}

import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { JwtService } from '@nestjs/jwt';
import { unauthenticated } from '../common/domain-error';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import { AuthUser, TokenClaims } from './auth.types';
import { hashPassword, verifyPassword } from './password-hasher';
import { SignInLimiter } from './sign-in-limiter';
import { rolesOf, UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

/** Verified tokens remembered (see `verifiedClaims`); the oldest is forgotten first. */
const VERIFIED_TOKENS = 10_000;

type VerifiedClaims = TokenClaims & { exp: number; sid: string };

export function toAuthUser(user: UserEntity): AuthUser {
  return { id: user.id, username: user.username, displayName: user.displayName, roles: rolesOf(user) };
}

@Injectable()
export class AuthService {
  // Verified against when the username is unknown, so both failures take the same time.
  private readonly decoyHash = hashPassword('decoy-password-never-used');
  private readonly verified = new Map<string, VerifiedClaims>();

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly limiter: SignInLimiter,
  ) {}

  /**
   * The one sign-in, for the API and the web form: the same budgets (per username from this
   * address, per address) and the same bounded password-check queue. Every token carries a
   * session id, so signing out (web) or `POST /api/auth/logout` (API) revokes it.
   */
  async login(username: string, password: string, address: string) {
    await this.limiter.admit(address, username);
    const user = await this.users.findByUsername(username);
    const decoy = await this.decoyHash;
    const ok = await this.limiter.check(() => verifyPassword(user?.passwordHash ?? decoy, password), address);
    if (!user || !ok || !user.active) {
      this.limiter.failed(address);
      throw unauthenticated('Unknown username or wrong password');
    }
    await this.limiter.succeeded(address, username);
    const claims: TokenClaims = { sub: user.id, username: user.username, tv: user.tokenVersion, sid: randomUUID() };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.jwtTtlSeconds });
    const authUser = toAuthUser(user);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwtTtlSeconds, user: { username: authUser.username, displayName: authUser.displayName, roles: authUser.roles } };
  }

  /** Checks a bearer token and that its user is still active with the same token version. */
  async authenticate(token: string): Promise<AuthUser> {
    const claims = await this.verifiedClaims(token);
    const { user, revoked } = await this.users.findForSession(claims.sub, claims.sid);
    if (!user || !user.active || user.tokenVersion !== claims.tv) throw unauthenticated('Token no longer valid');
    if (revoked) throw unauthenticated('Signed out');
    return toAuthUser(user);
  }

  /**
   * The token's claims once its signature and expiry are checked. Checking the HMAC and
   * decoding cost a tenth of a request's CPU, so a token that passed is remembered (the
   * same text always verifies alike under this process's key) and only its expiry, the one
   * claim that changes with time, is checked again; the user and session still are, above.
   */
  private async verifiedClaims(token: string): Promise<VerifiedClaims> {
    const known = this.verified.get(token);
    if (known) {
      if (Math.floor(Date.now() / 1000) < known.exp) return known;
      this.verified.delete(token);
      throw unauthenticated('Invalid or expired token');
    }
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw unauthenticated('Invalid or expired token');
    }
    // A token without an expiry or a session id would be good for ever and could not be revoked.
    if (typeof claims.exp !== 'number' || typeof claims.sid !== 'string') throw unauthenticated('Invalid or expired token');
    const checked = claims as VerifiedClaims;
    if (this.verified.size >= VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, checked);
    return checked;
  }

  /** Ends a session (web or API) for good: its token is refused from now on, not only forgotten by the client. */
  async endSession(token: string | undefined): Promise<void> {
    if (!token) return;
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      return; // an invalid or expired token is already unusable
    }
    if (!claims.sid || !claims.exp) return;
    const sid = claims.sid;
    const expiresAt = new Date(claims.exp * 1000).toISOString();
    await this.unitOfWork.write((tx) => this.users.revokeSession(tx, sid, expiresAt, this.clock.now().toISOString()));
  }
}

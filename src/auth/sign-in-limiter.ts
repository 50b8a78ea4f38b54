import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PQueue from 'p-queue';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { tooMany, unavailable } from '../common/domain-error';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';

/** Password checks that run at once; argon2 takes a core each, and the desk needs the others. */
const HASHING_AT_ONCE = 2;
/** Sign-ins that may wait for a password check; beyond that a flood is refused at once, not queued. */
const HASHING_QUEUE = 16;
/** How long an address that gave a wrong password waits behind every other sign-in. */
const SUSPECT_FOR_MS = 60_000;
/** Addresses remembered as suspect at most; the oldest are forgotten first. */
const SUSPECTS_KEPT = 10_000;

/**
 * Sign-in protection (SPEC section 5a), one instance for the API and the web form alike:
 * - a budget per username from one address, so guessing one password is slow, while the
 *   real user signing in from elsewhere is not locked out; a success clears it;
 * - a budget per address across usernames, so one address cannot try many accounts;
 * - password checks bounded by a short queue, so a flood cannot slow everyone's sign-in; an
 *   address that recently gave a wrong password queues behind every other one, so a guessing
 *   flood waits for itself while people who type their password right go first.
 * On PostgreSQL the budgets live in the database (rate-limiter-flexible's PostgreSQL
 * store on the desk's own pool), so several desk processes share them.
 */
@Injectable()
export class SignInLimiter {
  private readonly perUsername: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;
  private readonly hashing = new PQueue({ concurrency: HASHING_AT_ONCE });
  private readonly suspects = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) config: AppConfig, @InjectDataSource() dataSource: DataSource) {
    const user = { keyPrefix: 'user', points: config.loginRateLimit.limit, duration: Math.ceil(config.loginRateLimit.ttlMs / 1000) };
    const address = { keyPrefix: 'address', points: config.loginAddressRateLimit.limit, duration: Math.ceil(config.loginAddressRateLimit.ttlMs / 1000) };
    if (config.database.type === 'postgres') {
      // The pg pool TypeORM already holds; the table comes from a migration.
      const storeClient = (dataSource.driver as unknown as { master: unknown }).master;
      const store = { storeClient, storeType: 'pool', tableName: 'sign_in_limits', tableCreated: true, clearExpiredByTimeout: false };
      this.perUsername = new RateLimiterPostgres({ ...store, ...user });
      this.perAddress = new RateLimiterPostgres({ ...store, ...address });
    } else {
      // One process per SQLite file: its memory is the whole desk's.
      this.perUsername = new RateLimiterMemory(user);
      this.perAddress = new RateLimiterMemory(address);
    }
  }

  /** Spends one attempt of both budgets, or refuses with 429 before any password is checked. */
  async admit(address: string, username: string): Promise<void> {
    const userKey = `${address}|${username.toLowerCase()}`;
    try {
      await Promise.all([this.perAddress.consume(address), this.perUsername.consume(userKey)]);
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) {
        const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
        throw tooMany('TOO_MANY_SIGN_IN_ATTEMPTS', `Too many sign-in attempts; try again in ${seconds} s`, seconds);
      }
      throw unavailable('SIGN_IN_UNAVAILABLE', 'Sign-in is unavailable for a moment; try again shortly');
    }
  }

  /** A correct password from this address clears that username's budget there. */
  async succeeded(address: string, username: string): Promise<void> {
    await this.perUsername.delete(`${address}|${username.toLowerCase()}`);
  }

  /** A wrong password (or unknown username) from this address: its next checks queue last. */
  failed(address: string, now = Date.now()): void {
    this.suspects.delete(address);
    this.suspects.set(address, now + SUSPECT_FOR_MS);
    if (this.suspects.size > SUSPECTS_KEPT) this.suspects.delete(this.suspects.keys().next().value as string);
  }

  /** Runs a password check in the bounded queue; a full queue answers 429 at once. */
  check<T>(verify: () => Promise<T>, address = '', now = Date.now()): Promise<T> {
    if (this.hashing.pending + this.hashing.size >= HASHING_AT_ONCE + HASHING_QUEUE) {
      return Promise.reject(tooMany('SIGN_IN_BUSY', 'Too many sign-ins at once; try again in a second', 1));
    }
    const until = this.suspects.get(address);
    if (until !== undefined && until <= now) this.suspects.delete(address);
    const priority = until !== undefined && until > now ? 0 : 1;
    return this.hashing.add(verify, { priority }) as Promise<T>;
  }
}

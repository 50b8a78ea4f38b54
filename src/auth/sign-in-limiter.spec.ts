import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { SignInLimiter } from './sign-in-limiter';

describe('SignInLimiter', () => {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: '/tmp/unused.sqlite', LOGIN_RATE_LIMIT: '2', LOGIN_ADDRESS_RATE_LIMIT: '3' });

  it('refuses a password check at once when the queue is full, instead of making everyone wait', async () => {
    const limiter = new SignInLimiter(config, {} as DataSource);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let running = 0;
    const verify = async () => {
      running += 1;
      await gate;
      return true;
    };
    // Two run at once and sixteen wait: the next one is refused without waiting.
    const admitted = Array.from({ length: 18 }, () => limiter.check(verify));
    await expect(limiter.check(verify)).rejects.toMatchObject({ kind: 'too_many', code: 'SIGN_IN_BUSY' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(running).toBe(2);
    open();
    await expect(Promise.all(admitted)).resolves.toHaveLength(18);
  });

  it('lets an address without recent failures go before a guessing flood', async () => {
    const limiter = new SignInLimiter(config, {} as DataSource);
    const order: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const blocker = async () => gate;
    const record = (who: string) => async () => {
      order.push(who);
      return who;
    };
    // Two checks hold both slots; the flood's addresses have failed before and queue first.
    const held = [limiter.check(blocker, 'x'), limiter.check(blocker, 'y')];
    for (let i = 0; i < 5; i++) limiter.failed(`10.9.0.${i}`);
    const flood = Array.from({ length: 5 }, (_, i) => limiter.check(record(`flood-${i}`), `10.9.0.${i}`));
    const person = limiter.check(record('person'), '10.0.0.7');
    open();
    await Promise.all([...held, ...flood, person]);
    expect(order[0]).toBe('person');
    expect(order).toHaveLength(6);
  });

  it('forgets a failure after a minute', async () => {
    const limiter = new SignInLimiter(config, {} as DataSource);
    const order: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = [limiter.check(async () => gate, 'x'), limiter.check(async () => gate, 'y')];
    limiter.failed('10.9.0.1', 0);
    const later = 61_000;
    const first = limiter.check(async () => order.push('old-failure'), '10.9.0.1', later);
    const second = limiter.check(async () => order.push('clean'), '10.0.0.7', later);
    open();
    await Promise.all([...held, first, second]);
    expect(order).toEqual(['old-failure', 'clean']);
  });

  it('keeps one budget per username and address, one per address, and clears the first on success', async () => {
    const limiter = new SignInLimiter(config, {} as DataSource);
    await limiter.admit('10.0.0.1', 'ana');
    await limiter.admit('10.0.0.1', 'ANA');
    await expect(limiter.admit('10.0.0.1', 'ana')).rejects.toMatchObject({ code: 'TOO_MANY_SIGN_IN_ATTEMPTS', details: { retryAfterSeconds: expect.any(Number) } });
    // The address budget (3) is spent by then too, whatever the username.
    await expect(limiter.admit('10.0.0.1', 'bob')).rejects.toMatchObject({ code: 'TOO_MANY_SIGN_IN_ATTEMPTS' });
    // From elsewhere the user still signs in, and a success clears that address's username budget.
    await limiter.admit('10.0.0.2', 'ana');
    await limiter.admit('10.0.0.2', 'ana');
    await limiter.succeeded('10.0.0.2', 'ana');
    await limiter.admit('10.0.0.2', 'ana');
  });
});

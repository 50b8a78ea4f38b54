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

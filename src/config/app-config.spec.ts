import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to SQLite under data/ with demo data outside production', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ type: 'sqlite' });
    expect(config.database.type === 'sqlite' && config.database.path).toMatch(/data[/\\]conditions-desk\.sqlite$/);
    expect(config).toMatchObject({ port: 3000, seedDemo: true, isProduction: false });
  });

  it('lets DATABASE_URL win over DATABASE_PATH', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DATABASE_PATH: '/tmp/x.sqlite' }).database).toEqual({ type: 'postgres', url: 'postgres://u@h/db' });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres/],
    [{ NODE_ENV: 'production' }, /JWT_SECRET must be set/],
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SEED_DEMO: 'true' }, /SEED_DEMO cannot be true in production/],
    [{ SEED_DEMO: 'yes' }, /SEED_DEMO must be/],
    [{ JWT_SECRET: 'short' }, /at least 16/],
  ])('fails fast on %j', (env, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });

  it('never seeds demo users in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).seedDemo).toBe(false);
  });
});

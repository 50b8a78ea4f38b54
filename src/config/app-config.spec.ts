import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to SQLite under data/ with demo data outside production', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ type: 'sqlite' });
    expect(config.database.type === 'sqlite' && config.database.path).toMatch(/data[/\\]conditions-desk\.sqlite$/);
    expect(config).toMatchObject({ port: 3000, seedDemo: true, isProduction: false, printPdfOnStore: true });
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
    [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, /JOURNAL_SIGNING_KEY must be set in production/],
    [{ JOURNAL_SIGNING_KEY: 'PRIVATE+KEY+desk+00000000+AAAA' }, /JOURNAL_SIGNING_KEY is not an Ed25519 key/],
    [{ JOURNAL_ORIGIN: 'has space' }, /JOURNAL_ORIGIN must be/],
    [{ CHECKPOINT_WEBHOOK: 'ftp://x' }, /CHECKPOINT_WEBHOOK must be/],
    [{ CHECKPOINT_INTERVAL_SECONDS: '0' }, /CHECKPOINT_INTERVAL_SECONDS must be between/],
    [{ DOCUMENTS_PRINT_ON_STORE: 'yes' }, /DOCUMENTS_PRINT_ON_STORE must be 'true' or 'false', got 'yes'/],
  ])('fails fast on %j', (env, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });

  it('takes the journal origin from the signing key, the checkpoints and key under data/', () => {
    const key = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
    const { journal } = loadConfig({ JOURNAL_SIGNING_KEY: key, DATABASE_PATH: '/srv/desk/db.sqlite' });
    expect(journal).toMatchObject({ origin: 'PeterNeumann', signingKey: key, checkpointDir: '/srv/desk/checkpoints', signingKeyFile: '/srv/desk/journal-signing.key', checkpointIntervalSeconds: 60, checkpointWebhook: null });
    expect(loadConfig({ JOURNAL_ORIGIN: 'desk.example/journal', CHECKPOINT_DIR: '/mnt/worm' }).journal).toMatchObject({ origin: 'desk.example/journal', signingKey: null, checkpointDir: '/mnt/worm' });
  });

  it('prints stored documents on store unless DOCUMENTS_PRINT_ON_STORE is false', () => {
    expect(loadConfig({ DOCUMENTS_PRINT_ON_STORE: 'false' }).printPdfOnStore).toBe(false);
    expect(loadConfig({ DOCUMENTS_PRINT_ON_STORE: 'true' }).printPdfOnStore).toBe(true);
  });

  it('never seeds demo users in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), JOURNAL_SIGNING_KEY: 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz' }).seedDemo).toBe(false);
  });
});

import { createPgDatabase } from './pg-database';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { Exchange, OpenApiContract, recordExchanges } from './openapi-contract';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { Clock } from '../../src/common/clock';
import { DataSource } from 'typeorm';

export type TestDatabase = 'sqlite' | 'postgres';

/** Server for the PostgreSQL leg; each test app gets a fresh database there, dropped on close. */
export { PG_ADMIN_URL } from './pg-database';

/** The databases e2e suites run on: both by default, `TEST_DATABASES=sqlite` to narrow. */
export function testDatabases(): TestDatabase[] {
  const wanted = (process.env.TEST_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim());
  return (['sqlite', 'postgres'] as const).filter((db) => wanted.includes(db));
}

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  config: AppConfig;
  database: TestDatabase;
  dataSource: DataSource;
  /** Signs in and returns a bearer token. */
  token(username: string, password?: string): Promise<string>;
  /** Raw SQL on the test database, for setup and tamper tests. */
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  database?: TestDatabase;
  seedDemo?: boolean;
  clock?: Clock;
  env?: Record<string, string>;
  /** Runs on the empty database before the desk starts (e.g. to load a previous release's data). */
  beforeStart?: (database: { sqlitePath?: string; pgUrl?: string }) => Promise<void>;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? 'sqlite';
  let cleanup: () => Promise<void>;
  // Printing on store launches Chromium per stored memo: off unless a spec about it turns it on.
  const env: Record<string, string> = {
    NODE_ENV: 'test', LOGIN_RATE_LIMIT: '1000', LOGIN_ADDRESS_RATE_LIMIT: '100000', SEED_DEMO: String(options.seedDemo ?? true), DOCUMENTS_PRINT_ON_STORE: 'false', ...options.env,
  };
  if (database === 'postgres' && options.env?.DATABASE_URL) {
    // A second desk on the database of another test app: that one drops it. Its checkpoints are its own.
    const checkpoints = fs.mkdtempSync(path.join(os.tmpdir(), 'conditions-desk-checkpoints-'));
    env.CHECKPOINT_DIR ??= checkpoints;
    cleanup = async () => fs.rmSync(checkpoints, { recursive: true, force: true });
  } else if (database === 'postgres') {
    const pg = await createPgDatabase();
    env.DATABASE_URL = pg.url;
    // Checkpoints are kept per test app: verify checks every checkpoint in the directory.
    const checkpoints = fs.mkdtempSync(path.join(os.tmpdir(), 'conditions-desk-checkpoints-'));
    env.CHECKPOINT_DIR ??= checkpoints;
    cleanup = async () => {
      await pg.drop();
      fs.rmSync(checkpoints, { recursive: true, force: true });
    };
  } else if (options.env?.DATABASE_PATH) {
    // A file the test keeps (e.g. across a restart): the test removes it.
    cleanup = async () => undefined;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'conditions-desk-'));
    env.DATABASE_PATH = path.join(dir, 'desk.sqlite');
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  await options.beforeStart?.({ sqlitePath: env.DATABASE_PATH, pgUrl: env.DATABASE_URL });
  const config = loadConfig(env as NodeJS.ProcessEnv);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, options.clock)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] });
  configureApp(app, config);
  const exchanges: Exchange[] = [];
  app.use(recordExchanges(exchanges));
  await app.init();
  const dataSource = app.get(DataSource);
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    config,
    database,
    dataSource,
    async token(username: string, password = 'demo') {
      const response = await request(app.getHttpServer()).post('/api/auth/login').send({ username, password });
      if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body.accessToken as string;
    },
    sql: (query, params) => dataSource.query(query, params),
    async close() {
      // Every /api response this suite received must match the OpenAPI document.
      const doc = (await request(app.getHttpServer()).get('/api/docs-json')).body;
      // Production serves no document: nothing to check against.
      const contract = doc?.paths ? new OpenApiContract(doc) : null;
      const problems = contract ? [...new Set(exchanges.flatMap((exchange) => contract.check(exchange)))] : [];
      await app.close();
      await cleanup();
      if (problems.length > 0) throw new Error(`Responses not matching the OpenAPI document:\n${problems.join('\n')}`);
    },
  };
}

/** A minimal valid evidence body; override fields per test. */
export function evidenceBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'ngo_report',
    title: 'Report on detention practices',
    source: 'Example Human Rights Centre',
    sourceDate: '2015-03-01',
    periodStart: '2014-01-01',
    periodEnd: '2014-12-31',
    url: 'https://example.org/report',
    summary: 'Documents the transfer of detainees.',
    stance: 'contradicts',
    reliability: 'B',
    credibility: 2,
    ...overrides,
  };
}

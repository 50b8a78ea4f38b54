import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { isValidKeyName, NoteError, parseSignerKey } from '../audit/checkpoint/signed-note';

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'postgres'; url: string };

export interface AppConfig {
  port: number;
  nodeEnv: string;
  isProduction: boolean;
  database: DatabaseConfig;
  uploadDir: string;
  jwtSecret: string;
  jwtTtlSeconds: number;
  bodyLimit: string;
  /** Sign-in attempts per minute for one username from one address (API and web form together). */
  loginRateLimit: { limit: number; ttlMs: number };
  /** Sign-in attempts per minute from one address, whatever the usernames. */
  loginAddressRateLimit: { limit: number; ttlMs: number };
  /** Who may read the OpenAPI document at /api/docs. */
  apiDocs: ApiDocsAccess;
  seedDemo: boolean;
  chromiumPath: string;
  /** Print a stored document's PDF after the transaction that stored it commits, instead of on its first download. */
  printPdfOnStore: boolean;
  journal: JournalConfig;
  mail: MailConfig;
}

export interface JournalConfig {
  /** Checkpoint origin line (C2SP tlog-checkpoint) and, for a generated key, its key name. */
  origin: string;
  /** Signer key (PRIVATE+KEY+<name>+<id>+<key>) from JOURNAL_SIGNING_KEY, or null: generated and kept in `signingKeyFile`. */
  signingKey: string | null;
  signingKeyFile: string;
  checkpointDir: string;
  checkpointIntervalSeconds: number;
  checkpointWebhook: string | null;
}

export interface MailConfig {
  /** SMTP server for notification mail; null: in-app notifications only. */
  smtpUrl: string | null;
  from: string;
  /** The daily digest goes out on the first job run at or after this UTC hour. */
  digestHourUtc: number;
  /** How often the mail and reminder jobs run; 0 turns the schedule off (tests run them by hand). */
  jobIntervalSeconds: number;
}

export class ConfigError extends Error {}

export const API_DOCS_ACCESS = ['off', 'signed-in', 'public'] as const;
export type ApiDocsAccess = (typeof API_DOCS_ACCESS)[number];

const projectRoot = path.resolve(__dirname, '..', '..');

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got '${raw}'`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be 'true' or 'false', got '${raw}'`);
  return raw === 'true';
}

/** Reads and validates the environment once, at start-up; a bad value stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = env.NODE_ENV || 'development';
  const isProduction = nodeEnv === 'production';
  let database: DatabaseConfig;
  if (env.DATABASE_URL) {
    if (!/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
      throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
    }
    database = { type: 'postgres', url: env.DATABASE_URL };
  } else {
    database = { type: 'sqlite', path: path.resolve(env.DATABASE_PATH || path.join(projectRoot, 'data', 'conditions-desk.sqlite')) };
  }
  const jwtSecret = env.JWT_SECRET || '';
  if (isProduction && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be set to at least 32 characters in production');
  }
  if (jwtSecret && jwtSecret.length < 16) throw new ConfigError('JWT_SECRET must be at least 16 characters');
  const seedRaw = env.SEED_DEMO;
  if (seedRaw !== undefined && !['true', 'false', ''].includes(seedRaw)) {
    throw new ConfigError(`SEED_DEMO must be 'true' or 'false', got '${seedRaw}'`);
  }
  if (isProduction && seedRaw === 'true') throw new ConfigError('SEED_DEMO cannot be true in production');
  const dataDir = database.type === 'sqlite' ? path.dirname(database.path) : path.join(projectRoot, 'data');
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL');
  const apiDocs = (env.API_DOCS || (isProduction ? 'off' : 'public')) as ApiDocsAccess;
  if (!API_DOCS_ACCESS.includes(apiDocs)) throw new ConfigError(`API_DOCS must be one of ${API_DOCS_ACCESS.join(', ')}, got '${env.API_DOCS}'`);
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    nodeEnv,
    isProduction,
    database,
    uploadDir: path.resolve(env.UPLOAD_DIR || path.join(projectRoot, 'data', 'uploads')),
    // Outside production a per-process secret is fine: tokens simply end with the process.
    jwtSecret: jwtSecret || randomBytes(32).toString('hex'),
    jwtTtlSeconds: int(env, 'JWT_TTL_SECONDS', 8 * 3600, 60, 7 * 24 * 3600),
    bodyLimit: '100kb',
    loginRateLimit: { limit: int(env, 'LOGIN_RATE_LIMIT', 10, 1, 100000), ttlMs: 60_000 },
    loginAddressRateLimit: { limit: int(env, 'LOGIN_ADDRESS_RATE_LIMIT', 30, 1, 100000), ttlMs: 60_000 },
    apiDocs,
    seedDemo: !isProduction && seedRaw !== 'false',
    chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
    printPdfOnStore: bool(env, 'DOCUMENTS_PRINT_ON_STORE', true),
    mail: {
      smtpUrl,
      from: env.MAIL_FROM || 'Conditions Desk <desk@localhost>',
      digestHourUtc: int(env, 'DIGEST_HOUR_UTC', 7, 0, 23),
      jobIntervalSeconds: int(env, 'MAIL_JOB_INTERVAL_SECONDS', nodeEnv === 'test' ? 0 : 60, 0, 86400),
    },
    journal: journalConfig(env, isProduction, dataDir),
  };
}

function journalConfig(env: NodeJS.ProcessEnv, isProduction: boolean, dataDir: string): JournalConfig {
  const signingKey = env.JOURNAL_SIGNING_KEY?.trim() || null;
  if (isProduction && !signingKey) throw new ConfigError('JOURNAL_SIGNING_KEY must be set in production (a PRIVATE+KEY+<name>+<id>+<key> signer key)');
  let keyName: string | null = null;
  if (signingKey) {
    try {
      keyName = parseSignerKey(signingKey).name;
    } catch (error) {
      throw new ConfigError(`JOURNAL_SIGNING_KEY ${(error as NoteError).message}`);
    }
  }
  const origin = env.JOURNAL_ORIGIN || keyName || 'conditions-desk/journal';
  if (!isValidKeyName(origin)) throw new ConfigError(`JOURNAL_ORIGIN must be a non-empty name without spaces or '+', got '${origin}'`);
  const webhook = env.CHECKPOINT_WEBHOOK || null;
  if (webhook !== null && !/^https?:\/\/[^\s]+$/.test(webhook)) throw new ConfigError('CHECKPOINT_WEBHOOK must be an http:// or https:// URL');
  const checkpointDir = path.resolve(env.CHECKPOINT_DIR || path.join(dataDir, 'checkpoints'));
  return {
    origin,
    signingKey,
    signingKeyFile: path.join(dataDir, 'journal-signing.key'),
    checkpointDir,
    checkpointIntervalSeconds: int(env, 'CHECKPOINT_INTERVAL_SECONDS', 60, 1, 86_400),
    checkpointWebhook: webhook,
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

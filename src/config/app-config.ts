import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

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
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

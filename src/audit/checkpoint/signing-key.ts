import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import type { JournalConfig } from '../../config/app-config';
import { generateSignerKey, NoteSigner, parseSignerKey } from './signed-note';

/**
 * The checkpoint signer: JOURNAL_SIGNING_KEY when set (required in production). Otherwise
 * the key kept beside the database, made on first start; processes sharing one PostgreSQL
 * database and data directory share it (the first to create the file wins).
 */
export function loadSigner(config: JournalConfig, logger: Logger): NoteSigner {
  if (config.signingKey) return parseSignerKey(config.signingKey);
  try {
    return parseSignerKey(fs.readFileSync(config.signingKeyFile, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${config.signingKeyFile}: ${(error as Error).message}`);
  }
  fs.mkdirSync(path.dirname(config.signingKeyFile), { recursive: true });
  try {
    fs.writeFileSync(config.signingKeyFile, `${generateSignerKey(config.origin)}\n`, { flag: 'wx', mode: 0o600 });
    logger.warn(`No JOURNAL_SIGNING_KEY: generated a checkpoint signing key in ${config.signingKeyFile} (set JOURNAL_SIGNING_KEY in production)`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseSignerKey(fs.readFileSync(config.signingKeyFile, 'utf8'));
}

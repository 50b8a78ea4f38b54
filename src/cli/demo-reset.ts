import 'reflect-metadata';
import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { commandContext } from './cli-context';
import { failCommand } from './fail-command';
import { buildDataSourceOptions } from '../database/data-source-options';

// Rebuilds the demo desk: empties the database, then starts the application once so that the
// migrations and the demo seed run exactly as on a first start. Refused in production.
async function main(): Promise<void> {
  const config = loadConfig();
  if (config.isProduction || !config.seedDemo) throw new Error('the demo desk exists only outside production (and with SEED_DEMO not false)');
  if (config.database.type === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${config.database.path}${suffix}`, { force: true });
  } else {
    const dataSource = new DataSource(buildDataSourceOptions(config.database));
    await dataSource.initialize();
    try {
      await dataSource.query('DROP SCHEMA public CASCADE');
      await dataSource.query('CREATE SCHEMA public');
    } finally {
      await dataSource.destroy();
    }
  }
  const app = await commandContext({ ...config, mail: { ...config.mail, jobIntervalSeconds: 0 } });
  await app.close();
  console.log(`Demo desk rebuilt in ${config.database.type === 'sqlite' ? config.database.path : 'the PostgreSQL database'}; every demo password is 'demo'.`);
}

main().catch(failCommand('demo:reset'));

import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { buildDataSourceOptions } from '../database/data-source-options';
import { failCommand } from './fail-command';

// Runs pending migrations without starting the server (the server also runs them at start).
async function main(): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(loadConfig().database));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(applied.length ? `Applied: ${applied.map((m) => m.name).join(', ')}` : 'Schema is up to date');
  } finally {
    await dataSource.destroy();
  }
}

main().catch(failCommand('migrate'));

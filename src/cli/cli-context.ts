import { ConsoleLogger, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';

/**
 * The desk's modules for a one-off command. Silent while they are built, as the server is
 * (main.ts): a database that is missing, locked or full stops the command with its own one
 * line, not Nest's stack trace; errors and warnings are logged once the context exists.
 */
export async function commandContext(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { abortOnError: false, logger: false });
  app.useLogger(new ConsoleLogger({ logLevels: ['error', 'warn'] }));
  return app;
}

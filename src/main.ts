import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { ConfigError, loadConfig } from './config/app-config';
import { CatalogError, loadStatuteCatalog } from './statutes/statute-catalog';
import { STATUTE_DIR } from './statutes/statutes.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // Checked before Nest starts, so that a bad catalog file is reported as one clear line.
  loadStatuteCatalog(process.env.STATUTE_DIR || STATUTE_DIR);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, abortOnError: false });
  configureApp(app, config);
  app.enableShutdownHooks();
  await app.listen(config.port, process.env.HOST || '127.0.0.1');
  new Logger('Desk').log(`Conditions Desk on http://${process.env.HOST || '127.0.0.1'}:${config.port} (${config.database.type})`);
}

bootstrap().catch((error: unknown) => {
  // Configuration and catalog problems are the operator's to fix: say what, not a stack.
  if (error instanceof ConfigError || error instanceof CatalogError) {
    console.error(`Cannot start: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});

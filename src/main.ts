import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { loadConfig } from './config/app-config';
import { loadStatuteCatalog } from './statutes/statute-catalog';
import { describeFault } from './database/storage-fault';
import { STATUTE_DIR } from './statutes/statutes.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // Checked before Nest starts, so that a bad catalog file is reported as one clear line.
  loadStatuteCatalog(process.env.STATUTE_DIR || STATUTE_DIR);
  // Silent while the modules are built: a failure there is reported below as one line, not
  // as Nest's stack trace; the usual log starts once the application exists.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, abortOnError: false, logger: false });
  app.useLogger(new ConsoleLogger());
  configureApp(app, config);
  app.enableShutdownHooks();
  await app.listen(config.port, process.env.HOST || '127.0.0.1');
  new Logger('Desk').log(`Conditions Desk on http://${process.env.HOST || '127.0.0.1'}:${config.port} (${config.database.type})`);
}

bootstrap().catch((error: unknown) => {
  // Whatever stops the start (configuration, catalog, a database in use, full or unreachable):
  // one line that says what, never a stack, and a non-zero exit.
  console.error(`Cannot start: ${describeFault(error)}`);
  process.exit(1);
});

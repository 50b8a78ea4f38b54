import { INestApplication, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import * as path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { invalidInput, unauthenticated } from './common/domain-error';
import { toErrorBody } from './common/domain-exception.filter';
import { AuthService } from './auth/auth.service';
import { SESSION_COOKIE } from './web/web-session';
import { WellFormedTextPipe } from './common/well-formed-text.pipe';
import type { AppConfig } from './config/app-config';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    return [...Object.values(error.constraints ?? {}), ...flatten(error.children ?? [], field)];
  });
}
/** The same messages for the web forms, which validate the API's DTOs themselves. */
export const flattenValidationErrors = flatten;

// A JSON body naming __proto__, constructor or prototype is an attack, never data: refuse it while parsing (400).
function refusePrototypeKeys(key: string, value: unknown): unknown {
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new SyntaxError(`Forbidden key '${key}' in JSON body`);
  return value;
}

/** Everything the HTTP layer needs, shared by main.ts, the tests and the benchmarks. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.set('trust proxy', false);
  express.disable('x-powered-by');
  express.useBodyParser('json', { limit: config.bodyLimit, strict: true, reviver: refusePrototypeKeys });
  express.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  // Web pages: the session cookie and the static stylesheet (public/ at the repo root).
  app.use(cookieParser());
  app.use(helmet({ contentSecurityPolicy: { directives: { 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"] } } }));
  express.useStaticAssets(path.resolve(__dirname, '..', 'public'), { prefix: '/assets/', index: false, maxAge: config.isProduction ? '1h' : 0 });
  app.useGlobalPipes(
    // Text first: every string is well-formed and NFC before any DTO sees it.
    new WellFormedTextPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // No implicit conversion: "5" is not a number, and a wrong type is a 400.
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: (errors) => invalidInput('VALIDATION_FAILED', flatten(errors).join('; ') || 'Invalid request', { fields: errors.map((e) => e.property) }),
    }),
  );
  setUpApiDocs(app, config);
}

/** `/api/docs`: left out (`off`), behind sign-in (`signed-in`: a bearer token or the web session), or `public`. */
function setUpApiDocs(app: INestApplication, config: AppConfig): void {
  if (config.apiDocs === 'off') return;
  if (config.apiDocs === 'signed-in') {
    const auth = app.get(AuthService);
    app.use(['/api/docs', '/api/docs-json'], (req: Request, res: Response, next: NextFunction) => {
      const header = req.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      const refuse = (error: unknown) => {
        const body = toErrorBody(error);
        res.status(body.statusCode).json(body);
      };
      if (!token) return refuse(unauthenticated());
      auth.authenticate(token).then(() => next(), refuse);
    });
  }
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Conditions Desk API')
      .setDescription('Assessments of human-rights conditions on withheld foreign assistance: statutes, cycles, criterion cases, evidence, documents and the audit journal.')
      .setVersion('1')
      .addBearerAuth()
      .addServer('/', 'This desk')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

import { Global, Module } from '@nestjs/common';
import { TemplateEngine } from './template-engine';
import { templateHelpers } from './template-helpers';

/** One engine for documents and pages: every template compiled once at start-up. */
@Global()
@Module({
  providers: [{ provide: TemplateEngine, useFactory: () => new TemplateEngine(undefined, templateHelpers) }],
  exports: [TemplateEngine],
})
export class TemplatesModule {}

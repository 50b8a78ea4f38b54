import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { DocumentsModule } from '../documents/documents.module';
import { CasesModule } from '../cases/cases.module';
import { CyclesModule } from '../cycles/cycles.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { StatutesModule } from '../statutes/statutes.module';
import { CarryForwardModule } from '../carry-forward/carry-forward.module';
import { TrendModule } from '../trend/trend.module';
import { WebYearOverYearController } from './web-year-over-year.controller';
import { WebYearOverYearService } from './web-year-over-year.service';
import { CsrfGuard } from './csrf.guard';
import { WebAuthController } from './web-auth.controller';
import { WebAuthService } from './web-auth.service';
import { WebAuditController } from './web-audit.controller';
import { WebAuditService } from './web-audit.service';
import { WebDocumentsController } from './web-documents.controller';
import { WebDocumentsService } from './web-documents.service';
import { WebCasesController } from './web-cases.controller';
import { WebCasesService } from './web-cases.service';
import { WebCyclesController } from './web-cycles.controller';
import { WebCyclesService } from './web-cycles.service';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';
import { WebSession } from './web-session';
import { WebSessionMiddleware } from './web-session.middleware';
import { WebWorkController } from './web-work.controller';
import { WebAdminController } from './web-admin.controller';
import { WebAdminService } from './web-admin.service';
import { WebErrorPages } from './web-error-pages';
import { HTML_ERROR_PAGES } from '../common/domain-exception.filter';
import { WebWorkService } from './web-work.service';
import { NotificationsModule } from '../notifications/notifications.module';
import { WorkModule } from '../work/work.module';

const CONTROLLERS = [WebAuthController, WebWorkController, WebAdminController, WebCyclesController, WebCasesController, WebDocumentsController, WebAuditController, WebYearOverYearController];

/** Server-rendered pages over the same services as the API; the session cookie counts only here. */
@Module({
  imports: [AuditModule, AuthModule, CasesModule, CyclesModule, DocumentsModule, EvidenceModule, NotificationsModule, StatutesModule, WorkModule, CarryForwardModule, TrendModule],
  controllers: CONTROLLERS,
  providers: [WebSession, WebPage, CsrfGuard, WebExceptionFilter, WebAuthService, WebCasesService, WebCyclesService, WebDocumentsService, WebAuditService, WebWorkService, WebAdminService, WebErrorPages, WebYearOverYearService,
    { provide: HTML_ERROR_PAGES, useExisting: WebErrorPages },
  ],
  exports: [HTML_ERROR_PAGES],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WebSessionMiddleware).forRoutes(...CONTROLLERS);
  }
}

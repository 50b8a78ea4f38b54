import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { CyclesModule } from '../cycles/cycles.module';
import { EvidenceModule } from '../evidence/evidence.module';
import { StatutesModule } from '../statutes/statutes.module';
import { WorkModule } from '../work/work.module';
import { SeedService } from './seed.service';
import { SeedStateRepository } from './seed-state.repository';

@Module({
  imports: [AuditModule, AuthModule, CasesModule, CyclesModule, EvidenceModule, StatutesModule, WorkModule],
  providers: [SeedService, SeedStateRepository],
  exports: [SeedService],
})
export class SeedModule implements OnApplicationBootstrap {
  constructor(private readonly seed: SeedService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seed.run();
  }
}

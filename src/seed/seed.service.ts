import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/app-config';
import type { AuthUser } from '../auth/auth.types';
import { UsersRepository } from '../auth/users.repository';
import { UsersService } from '../auth/users.service';
import { toAuthUser } from '../auth/auth.service';
import { CasesService } from '../cases/cases.service';
import { CyclesRepository } from '../cycles/cycles.repository';
import { CyclesService } from '../cycles/cycles.service';
import { EvidenceService } from '../evidence/evidence.service';
import { StatutesService } from '../statutes/statutes.service';
import { DEMO_PASSWORD, DEMO_USERS, DemoCycle, loadDemoCycles } from './demo-data';
import { hashPassword } from '../auth/password-hasher';
import { UnitOfWork } from '../database/unit-of-work';
import { JournalService } from '../audit/journal.service';
import { UserEntity } from '../auth/user.entity';
import { Clock } from '../common/clock';

const SYSTEM_SEEDER = { id: 0, username: 'system', displayName: 'System', roles: [] } as unknown as AuthUser;

/**
 * First start: the statute catalog always; outside production, on an empty database,
 * the demo users and demo cycles. Demo work goes through the same services and write
 * path as users' work, so its history is real history.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly statutes: StatutesService,
    private readonly usersRepo: UsersRepository,
    private readonly users: UsersService,
    private readonly cycles: CyclesService,
    private readonly cyclesRepo: CyclesRepository,
    private readonly cases: CasesService,
    private readonly evidence: EvidenceService,
    private readonly unitOfWork: UnitOfWork,
    private readonly journal: JournalService,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<void> {
    await this.loadCatalogVersions();
    if (!this.config.seedDemo || (await this.usersRepo.count()) > 0) return;
    const people = new Map<string, AuthUser>();
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await this.unitOfWork.write(async (tx) => {
      const at = this.clock.now().toISOString();
      for (const demo of DEMO_USERS) {
        const user = await this.usersRepo.save(
          tx,
          Object.assign(new UserEntity(), { username: demo.username, displayName: demo.displayName, passwordHash, roles: [...demo.roles].sort().join(','), active: true, tokenVersion: 0, createdAt: at }),
        );
        people.set(user.username, toAuthUser(user));
        await this.journal.append(tx, [{ at, entityType: 'user', entityId: user.username, event: 'USER_CREATED', actor: 'system', payload: { roles: [...demo.roles].sort(), displayName: demo.displayName, demo: true } }]);
      }
    });
    for (const demo of loadDemoCycles()) await this.seedCycle(demo, people);
    this.logger.log(`Demo desk seeded: ${DEMO_USERS.length} users (password '${DEMO_PASSWORD}')`);
  }

  /** Keeps every new version of a catalog file, with a journal row saying which version it replaces. */
  private async loadCatalogVersions(): Promise<void> {
    await this.unitOfWork.write(async (tx) => {
      const added = await this.statutes.syncVersions(tx);
      if (added.length === 0) return;
      await this.journal.append(tx, added.map((v) => ({
        at: v.loadedAt, entityType: 'statute' as const, entityId: v.statuteId, event: 'STATUTE_VERSION_LOADED', actor: 'system',
        payload: { version: v.version, previousVersion: v.previousVersion },
      })));
    });
  }

  private async seedCycle(demo: DemoCycle, people: Map<string, AuthUser>): Promise<void> {
    if (await this.cyclesRepo.findById(demo.cycle.id)) return;
    const manager = people.get('manager') ?? SYSTEM_SEEDER;
    const { id, statuteId, fiscalYear, recipient, appropriatedCents, tranches, obligationDeadline } = demo.cycle;
    await this.cycles.create(manager, { id, statuteId, fiscalYear, recipient, appropriatedCents, tranches, obligationDeadline });
    for (const demoCase of demo.cases) {
      const caseId = `${id}.${demoCase.criterionCode}`;
      const analyst = people.get(demoCase.submittedBy ?? 'analyst')!;
      for (const item of demoCase.evidence) await this.evidence.add(analyst, caseId, item);
      if (demoCase.proposedFinding) await this.cases.proposeFinding(analyst, caseId, demoCase.proposedFinding);
      if (demoCase.targetState === 'evidenceGathering') continue;
      await this.cases.sendEvent(analyst, caseId, { type: 'SUBMIT_FOR_REVIEW' });
      if (demoCase.targetState === 'approved') {
        await this.cases.sendEvent(people.get(demoCase.reviewedBy ?? 'reviewer')!, caseId, { type: 'APPROVE' });
      }
    }
  }
}

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
import { SeedStateRepository } from './seed-state.repository';
import { AssignService } from '../work/assign.service';

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
    private readonly seedState: SeedStateRepository,
    private readonly assign: AssignService,
  ) {}

  /**
   * Resumable: the demo users are created together with a `seeding` mark in one
   * transaction, every later step checks what is there already, and `done` is written
   * last. A start that failed half-way (a full disk) finishes the seed on the next start.
   */
  async run(): Promise<void> {
    try {
      await this.seed();
    } catch (error) {
      const fault = this.unitOfWork.storageHealth().lastFault;
      if (!fault) throw error;
      throw new Error(`seeding stopped: ${fault.statement} failed: ${fault.error}; nothing half-done is kept, and the next start resumes the seed`);
    }
  }

  private async seed(): Promise<void> {
    await this.loadCatalogVersions();
    if (!this.config.seedDemo) return;
    const status = await this.seedState.status();
    if (status === 'done') return;
    // Users but no mark: seeded by an earlier release, or a desk with real users.
    if (status === null && (await this.usersRepo.count()) > 0) return;
    if (status === null) await this.createDemoUsers();
    const people = new Map<string, AuthUser>();
    for (const demo of DEMO_USERS) {
      const user = await this.usersRepo.findByUsername(demo.username);
      if (user) people.set(user.username, toAuthUser(user));
    }
    for (const demo of loadDemoCycles()) await this.seedCycle(demo, people);
    await this.seedAssignments(people);
    await this.unitOfWork.write((tx) => this.seedState.set(tx, 'done', this.clock.now().toISOString()));
    this.logger.log(`Demo desk seeded: ${DEMO_USERS.length} users (password '${DEMO_PASSWORD}')`);
  }

  private async createDemoUsers(): Promise<void> {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await this.unitOfWork.write(async (tx) => {
      const at = this.clock.now().toISOString();
      await this.seedState.set(tx, 'seeding', at);
      for (const demo of DEMO_USERS) {
        const user = await this.usersRepo.save(
          tx,
          Object.assign(new UserEntity(), {
            username: demo.username, displayName: demo.displayName, passwordHash, roles: [...demo.roles].sort().join(','), active: true, tokenVersion: 0, createdAt: at,
            email: `${demo.username}@desk.example`,
          }),
        );
        await this.journal.append(tx, [{ at, entityType: 'user', entityId: user.username, event: 'USER_CREATED', actor: 'system', payload: { roles: [...demo.roles].sort(), displayName: demo.displayName, demo: true } }]);
      }
    });
  }

  /** Two open demo cases with owners, one due soon and one overdue, so My work has something to show. */
  private async seedAssignments(people: Map<string, AuthUser>): Promise<void> {
    const manager = people.get('manager');
    if (!manager || !(await this.cyclesRepo.findById('CA-FY2008'))) return;
    const day = (offset: number) => new Date(this.clock.now().getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const demo = [
      { caseId: 'CA-FY2008.CA-FY08-POLICE-COMPLAINTS', analyst: 'analyst', reviewer: 'reviewer', dueDate: day(5) },
      { caseId: 'CA-FY2008.CA-FY08-PROSECUTE', analyst: 'analyst2', reviewer: 'reviewer', dueDate: day(-2) },
    ];
    // Resumable like the rest: an assignment already made is not made again.
    for (const { caseId, ...dto } of demo) if (!(await this.assign.get(caseId))) await this.assign.assign(manager, caseId, dto);
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

  /** Each step runs only if an earlier, interrupted start did not get to it. */
  private async seedCycle(demo: DemoCycle, people: Map<string, AuthUser>): Promise<void> {
    const manager = people.get('manager') ?? SYSTEM_SEEDER;
    const { id, statuteId, fiscalYear, recipient, appropriatedCents, tranches, obligationDeadline } = demo.cycle;
    if (!(await this.cyclesRepo.findById(id))) {
      await this.cycles.create(manager, { id, statuteId, fiscalYear, recipient, appropriatedCents, tranches, obligationDeadline });
    }
    for (const demoCase of demo.cases) {
      const caseId = `${id}.${demoCase.criterionCode}`;
      const analyst = people.get(demoCase.submittedBy ?? 'analyst')!;
      const reviewer = people.get(demoCase.reviewedBy ?? 'reviewer')!;
      let current = await this.cases.get(analyst, caseId);
      if (current.state === 'evidenceGathering') {
        const stored = new Set((await this.evidence.list(caseId)).map((item) => item.title));
        for (const item of demoCase.evidence) if (!stored.has(item.title)) await this.evidence.add(analyst, caseId, item);
        if (demoCase.proposedFinding && !current.proposedFinding) await this.cases.proposeFinding(analyst, caseId, demoCase.proposedFinding);
        if (demoCase.targetState === 'evidenceGathering') continue;
        current = await this.cases.sendEvent(analyst, caseId, { type: 'SUBMIT_FOR_REVIEW' });
      }
      if (demoCase.targetState === 'approved' && current.state === 'inReview') await this.cases.sendEvent(reviewer, caseId, { type: 'APPROVE' });
    }
    for (const decision of demo.decisions ?? []) {
      // Resumable: an event already taken by an interrupted start is no longer offered.
      const cycle = await this.cycles.get(manager, id);
      const tranche = cycle.tranches.find((t) => t.code === (decision.tranche ?? cycle.tranches[0].code));
      if (tranche?.allowedEvents.includes(decision.type)) await this.cycles.sendEvent(manager, id, decision);
    }
  }
}

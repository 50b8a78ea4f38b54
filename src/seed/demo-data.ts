import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FindingRating } from '../cases/case-machine';
import type { EvidenceDto } from '../evidence/dto/evidence.dto';

export const DEMO_DIR = path.resolve(__dirname, '..', '..', 'data', 'demo');

/** Demo users of SPEC section 6; every password is `demo`. Outside production only. */
export const DEMO_USERS = [
  { username: 'analyst', displayName: 'Ana Analyst', roles: ['analyst'] },
  { username: 'analyst2', displayName: 'Alex Analyst', roles: ['analyst'] },
  { username: 'reviewer', displayName: 'Rita Reviewer', roles: ['reviewer'] },
  { username: 'reviewer-analyst', displayName: 'Robin Reviewer-Analyst', roles: ['analyst', 'reviewer'] },
  { username: 'manager', displayName: 'Morgan Manager', roles: ['manager'] },
  { username: 'auditor', displayName: 'Avery Auditor', roles: ['auditor'] },
  { username: 'admin', displayName: 'Adrian Admin', roles: ['admin'] },
] as const;
export const DEMO_PASSWORD = 'demo';

export interface DemoCase {
  criterionCode: string;
  evidence: EvidenceDto[];
  proposedFinding?: { rating: FindingRating; rationale: string; narrative: string };
  submittedBy?: string;
  reviewedBy?: string;
  targetState: 'evidenceGathering' | 'inReview' | 'approved';
}

export interface DemoCycle {
  cycle: {
    id: string; statuteId: string; fiscalYear: number; recipient?: string; appropriatedCents?: number; tranches?: Array<{ code: string; baseCents: number }>;
    obligationDeadline: string; amountNote?: string; deadlineNote?: string; recipientNote?: string;
  };
  cases: DemoCase[];
}

export function loadDemoCycles(dir = DEMO_DIR): DemoCycle[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as DemoCycle);
}

import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, jsonText } from '../database/column-transformers';
import type { PersistedMachineState } from '../workflow/machine-runtime';
import type { TrancheContext } from './tranche-machine';

/** One withholding of a cycle: the unit of decision, with its own money, state and decision. */
@Entity('tranches')
export class TrancheEntity {
  @PrimaryColumn({ name: 'cycle_id', type: 'varchar', length: 64 })
  cycleId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  /** Statutory order within the cycle. */
  @Column({ type: 'integer' })
  position: number;

  /** What the percent applies to, in cents; null for a fixed-amount share. */
  @Column({ name: 'base_cents', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  baseCents: number | null;

  /** Percent share in basis points (15% = 1500), or null for a fixed amount. */
  @Column({ name: 'basis_points', type: 'integer', nullable: true })
  basisPoints: number | null;

  @Column({ name: 'withheld_cents', type: 'bigint', transformer: bigintAsNumber })
  withheldCents: number;

  @Column({ type: 'varchar', length: 32 })
  state: string;

  @Column({ type: 'text', transformer: jsonText })
  snapshot: PersistedMachineState<TrancheContext>;

  @Column({ type: 'text', nullable: true, transformer: jsonText })
  decision: Record<string, unknown> | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}

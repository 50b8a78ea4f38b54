import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CYCLE_EVENT_TYPES } from '../tranche-machine';

export class CycleEventDto {
  /** One of the tranche workflow's events, or the cycle-wide REPIN_STATUTE (SPEC section 3). */
  @IsIn(CYCLE_EVENT_TYPES)
  type: (typeof CYCLE_EVENT_TYPES)[number];

  /** The tranche the event is for; required when the cycle has several. */
  @IsOptional() @Matches(/^[A-Z0-9][A-Z0-9-]{0,15}$/, { message: 'tranche must be a tranche code of the cycle' })
  tranche?: string;

  @IsOptional() @IsString() @MaxLength(4000)
  comment?: string;

  /** DECIDE_REPROGRAM: where the funds go; PREPARE_MEMO: the reprogramming destination the memo proposes. */
  @IsOptional() @IsString() @MaxLength(200)
  destination?: string;

  /** DECIDE_REPROGRAM (or the memo's proposal): integer cents, not above the withheld amount. */
  @IsOptional() @IsInt() @Min(1, { message: 'amountCents must be at least 1 (a positive amount in cents)' }) @Max(90_000_000_000_000)
  amountCents?: number;

  /** The version the client last saw; a different current version answers 409 VERSION_CONFLICT. */
  @IsOptional() @IsInt() @Min(0)
  expectedVersion?: number;
}

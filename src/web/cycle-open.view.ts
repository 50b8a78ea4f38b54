import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { invalidInput } from '../common/domain-error';
import { CreateCycleDto } from '../cycles/dto/create-cycle.dto';
import { parseDollars } from '../common/dollars';
import type { Statute } from '../statutes/statute-catalog';

// The manager's "open a cycle" form: pick a provision (a GET form, so no script is needed to
// narrow the recipients), then its recipient, year, deadline and the base of each percent tranche.

export type FieldErrors = Record<string, string>;

/** The form field holding a percent tranche's base in dollars. */
export const baseField = (code: string) => `baseDollars-${code}`;

export interface OpenCycleExtras {
  error: string | null;
  values: Record<string, string>;
  fieldErrors: FieldErrors;
}

function field(name: string, extras: OpenCycleExtras) {
  return { name, value: extras.values[name] ?? '', error: extras.fieldErrors[name] ?? null };
}

export function openCycleView(statutes: Statute[], chosen: Statute | null, extras: OpenCycleExtras) {
  return {
    provisions: statutes.map((s) => ({ id: s.id, label: `${s.title} (${s.citation})`, selected: s.id === chosen?.id })),
    chosen: chosen
      ? {
          id: chosen.id,
          title: chosen.title,
          citation: chosen.citation,
          fiscalYears: chosen.fiscalYears.join(', '),
          recipients: chosen.recipients.map((r) => ({ code: r.code, name: r.name, selected: (extras.values.recipient ?? '') === r.code })),
          tranches: chosen.tranches.map((t) => ({
            code: t.code,
            title: t.title,
            percent: t.share.percent ?? null,
            fixed: t.share.amountCents !== undefined,
            base: field(baseField(t.code), extras),
          })),
        }
      : null,
    fields: {
      id: field('id', extras),
      fiscalYear: { ...field('fiscalYear', extras), value: extras.values.fiscalYear ?? (chosen ? String(chosen.fiscalYears[0] ?? '') : '') },
      recipient: field('recipient', extras),
      obligationDeadline: { ...field('obligationDeadline', extras), value: extras.values.obligationDeadline ?? chosen?.fundsAvailableUntil ?? '' },
    },
    error: extras.error,
    notice: null,
  };
}

function messagesOf(error: ValidationError): string {
  return Object.values(error.constraints ?? {}).join('; ');
}

/**
 * The form as the API's CreateCycleDto, validated by the DTO's own rules; refusals carry a
 * message per form field so the page shows each next to its input. Dollars become cents exactly.
 */
export function openCycleDto(statute: Statute, body: Record<string, unknown>): CreateCycleDto {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
  const fieldErrors: FieldErrors = {};
  const tranches: Array<{ code: string; baseCents: number }> = [];
  const percentTranches = statute.tranches.filter((t) => t.share.percent !== undefined);
  for (const tranche of percentTranches) {
    const name = baseField(tranche.code);
    const parsed = parseDollars(text(name));
    if (!parsed.ok) fieldErrors[name] = parsed.message;
    else tranches.push({ code: tranche.code, baseCents: parsed.cents });
  }
  const fiscalYear = text('fiscalYear');
  const plain = {
    id: text('id'),
    statuteId: statute.id,
    fiscalYear: /^\d{1,6}$/.test(fiscalYear) ? Number(fiscalYear) : fiscalYear,
    ...(text('recipient') ? { recipient: text('recipient') } : {}),
    obligationDeadline: text('obligationDeadline'),
    ...(tranches.length ? { tranches } : {}),
  };
  const dto = plainToInstance(CreateCycleDto, plain);
  for (const error of validateSync(dto, { whitelist: true, forbidNonWhitelisted: true })) {
    if (error.property === 'tranches') {
      (error.children ?? []).forEach((child) => {
        const code = tranches[Number(child.property)]?.code;
        if (code) fieldErrors[baseField(code)] = (child.children ?? []).map(messagesOf).join('; ');
      });
    } else {
      fieldErrors[error.property] = messagesOf(error);
    }
  }
  if (statute.recipients.length > 1 && !text('recipient')) fieldErrors.recipient = 'Choose the recipient government';
  if (Object.keys(fieldErrors).length) {
    throw invalidInput('VALIDATION_FAILED', `Please correct: ${Object.entries(fieldErrors).map(([name, message]) => `${name} (${message})`).join('; ')}`, { fieldErrors });
  }
  return dto;
}

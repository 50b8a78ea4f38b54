import type { CaseAsOf, EvidenceAsOf } from './as-of-reducer';
import { decodeCaseState, encodeCaseState, parseCaseState } from './stored-case-state';

const header: Omit<CaseAsOf, 'evidence'> = {
  id: 'C1.X', cycleId: 'C1', criterionCode: 'X', statuteVersion: 'v1', tranche: 'A', state: 'evidenceGathering', version: 3, proposedFinding: null,
  finding: null, submittedBy: null, createdAt: '2030-01-01T00:00:00.000Z', updatedAt: '2030-01-01T00:00:02.000Z', lastSeq: 7,
};
const item = (id: string, title: string): EvidenceAsOf => ({
  id, createdBy: 'ana', createdAt: '2030-01-01T00:00:01.000Z', revision: 1, retracted: false, retractedReason: null, retractedBy: null, retractedAt: null,
  revisions: [{ revision: 1, contentHash: 'h', revisedBy: 'ana', revisedAt: '2030-01-01T00:00:01.000Z', content: { title } }],
});

describe('stored case state', () => {
  // Newlines and tabs in text (and, in a forged journal, in an id) must not split an item.
  const items = [item('e1', 'line one\nline\ttwo'), item('odd\tid\n', 'plain')];

  it('reads back what it wrote, one line per item, each item kept as text until parsed', () => {
    const text = encodeCaseState(header, items.map((i) => [i.id, i] as const));
    expect(text.split('\n')).toHaveLength(3);
    const read = decodeCaseState(text);
    expect(read.header).toEqual(header);
    expect(read.items.map(([id]) => id)).toEqual(['e1', 'odd\tid\n']);
    expect(read.items.map(([, json]) => typeof json)).toEqual(['string', 'string']);
    expect(parseCaseState(text)).toEqual({ ...header, evidence: items });
    // An item never parsed is written back as it was read.
    expect(encodeCaseState(read.header, read.items)).toBe(text);
  });

  it('reads a case without evidence, and states stored as one JSON document before the line form', () => {
    expect(parseCaseState(encodeCaseState(header, []))).toEqual({ ...header, evidence: [] });
    const old = JSON.stringify({ ...header, evidence: items });
    expect(decodeCaseState(old).items.map(([id]) => id)).toEqual(['e1', 'odd\tid\n']);
    expect(parseCaseState(old)).toEqual({ ...header, evidence: items });
  });

  it('refuses an item line without its id', () => {
    expect(() => decodeCaseState(`${JSON.stringify(header)}\n{"id":"e1"}`)).toThrow(SyntaxError);
  });
});

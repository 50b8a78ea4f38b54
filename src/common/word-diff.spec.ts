import { wordDiff } from './word-diff';

describe('wordDiff', () => {
  it('marks the inserted and deleted words and keeps the rest equal', () => {
    const diff = wordDiff(
      'senior military officers responsible for ordering cases of false positives',
      'military officers credibly alleged to be responsible for ordering cases of false positives and other extrajudicial killings',
    );
    expect(diff.changed).toBe(true);
    expect(diff.inserted).toEqual(['credibly alleged to be', 'and other extrajudicial killings']);
    expect(diff.deleted).toEqual(['senior']);
    expect(diff.summary).toBe('adds: “credibly alleged to be”, “and other extrajudicial killings”; removes: “senior”');
    // The runs read back as either text.
    const read = (skip: string) => diff.runs.filter((run) => run.kind !== skip).map((run) => run.text).join('').replace(/\s+/g, ' ').trim();
    expect(read('inserted')).toBe('senior military officers responsible for ordering cases of false positives');
    expect(read('deleted')).toBe('military officers credibly alleged to be responsible for ordering cases of false positives and other extrajudicial killings');
  });

  it('treats line breaks, spacing and Unicode normal forms as layout, not wording', () => {
    const diff = wordDiff('judicial  authorities\nare Cafe\u0301', ' judicial authorities are Café ');
    expect(diff).toMatchObject({ changed: false, inserted: [], deleted: [], summary: 'no change in wording' });
    expect(diff.runs).toEqual([{ kind: 'equal', text: 'judicial authorities are Café' }]);
  });

  it('reports a text that only gains words, or only loses them', () => {
    expect(wordDiff('the Government of Colombia', 'the Government of Colombia, as appropriate').summary).toBe('adds: “, as appropriate”');
    expect(wordDiff('taking effective steps', 'taking steps').summary).toBe('removes: “effective”');
  });

  it('marks words only, leaving the spaces around a change unmarked', () => {
    const diff = wordDiff('officers responsible', 'senior officers responsible');
    expect(diff.runs).toEqual([{ kind: 'inserted', text: 'senior' }, { kind: 'equal', text: ' officers responsible' }]);
  });

  it('handles an empty side', () => {
    expect(wordDiff('', 'new text').runs).toEqual([{ kind: 'inserted', text: 'new text' }]);
    expect(wordDiff('old text', '').summary).toBe('removes: “old text”');
  });
});

import { wellFormed } from './well-formed-text.pipe';

describe('wellFormed', () => {
  it('normalises every string of a nested body to NFC, keeping passwords as typed', () => {
    const body = { title: 'Cafe\u0301', tranches: [{ code: 'e\u0301' }], password: 'Cafe\u0301' };
    expect(wellFormed(body, '')).toEqual({ title: 'Caf\u00e9', tranches: [{ code: '\u00e9' }], password: 'Cafe\u0301' });
  });

  it('keeps a surrogate pair and refuses a lone surrogate or NUL, naming the path', () => {
    expect(wellFormed({ title: '\ud83d\ude00' }, '')).toEqual({ title: '\ud83d\ude00' });
    expect(() => wellFormed({ tranches: [{ code: 'x\ud800' }] }, '')).toThrow(expect.objectContaining({ code: 'INVALID_TEXT', details: { field: 'tranches[0].code' } }));
    expect(() => wellFormed('\udc00', 'actor')).toThrow(expect.objectContaining({ details: { field: 'actor' } }));
    expect(() => wellFormed({ password: 'a\u0000' }, '')).toThrow(expect.objectContaining({ details: { field: 'password' } }));
  });
});

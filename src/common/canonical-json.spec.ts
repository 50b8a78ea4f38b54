import { canonicalJson, sha256Hex } from './canonical-json';

describe('canonical JSON', () => {
  it('sorts keys by code unit at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, '10': 0, '9': 0, B: 0 })).toBe('{"10":0,"9":0,"B":0,"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('drops undefined members, writes undefined array items and null as null', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(canonicalJson([undefined, null, 1])).toBe('[null,null,1]');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(null)).toBe('null');
  });

  it('writes strings and numbers as JSON does, and refuses non-finite numbers', () => {
    expect(canonicalJson('a"\\\n\u2028é')).toBe(JSON.stringify('a"\\\n\u2028é'));
    expect(canonicalJson(-1.5)).toBe('-1.5');
    expect(canonicalJson(true)).toBe('true');
    expect(() => canonicalJson(Infinity)).toThrow(/Non-finite/);
    expect(() => canonicalJson({ a: [NaN] })).toThrow(/Non-finite/);
  });

  it('hashes UTF-8 text with SHA-256 as hex', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

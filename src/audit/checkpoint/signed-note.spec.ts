import { formatCheckpoint, parseCheckpoint, splitNotes } from './checkpoint';
import {
  formatVerifierKey, generateSignerKey, keyId, openNote, parseSignerKey, parseVerifierKey, signNote, verifierOf,
} from './signed-note';

// Known answers from golang.org/x/mod/sumdb/note (note_test.go): Ed25519 signing is deterministic.
const GO_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const ENOCH_SIG = '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

describe('signed note (C2SP signed-note, Ed25519)', () => {
  const signer = parseSignerKey(GO_SIGNER);

  it('derives the reference key ID and verifier key', () => {
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(keyId('PeterNeumann', signer.publicKey)).toBe(0xc74f20a3);
    expect(formatVerifierKey(verifierOf(signer))).toBe(GO_VERIFIER);
  });

  it('signs the reference text to the reference note', () => {
    expect(signNote(GO_TEXT, signer)).toBe(GO_NOTE);
  });

  it('opens the reference note, ignoring a signature by another key', () => {
    const verifier = parseVerifierKey(GO_VERIFIER);
    expect(openNote(GO_NOTE, verifier)).toBe(GO_TEXT);
    expect(openNote(GO_NOTE + ENOCH_SIG, verifier)).toBe(GO_TEXT);
  });

  it('rejects altered text, signatures, keys and layouts', () => {
    const verifier = parseVerifierKey(GO_VERIFIER);
    expect(() => openNote(GO_NOTE.replace('answer', 'Answer'), verifier)).toThrow(/invalid signature/);
    expect(() => openNote(GO_NOTE.replace('x08go/ZJ', 'x08go/ZK'), verifier)).toThrow(/invalid signature/);
    expect(() => openNote(`${GO_TEXT}\n${ENOCH_SIG}`, verifier)).toThrow(/no signature/);
    expect(() => openNote(GO_TEXT, verifier)).toThrow(/malformed/);
    expect(() => openNote(GO_NOTE.replace('\u2014', '-'), verifier)).toThrow(/malformed/);
    expect(() => openNote(`${GO_NOTE}Unexpected line.\n`, verifier)).toThrow(/malformed/);
    const other = parseVerifierKey(formatVerifierKey(verifierOf(parseSignerKey(generateSignerKey('PeterNeumann')))));
    expect(() => openNote(GO_NOTE, other)).toThrow(/no signature/);
  });

  it('refuses malformed keys', () => {
    expect(() => parseSignerKey(GO_SIGNER.replace('c74f20a3', 'c74f20a4'))).toThrow(/key ID/);
    expect(() => parseSignerKey(GO_VERIFIER)).toThrow(/signer key/);
    expect(() => parseVerifierKey(GO_VERIFIER.replace('c74f20a3', 'c74f20a4'))).toThrow(/key ID/);
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(/Ed25519/);
    expect(() => parseVerifierKey(`${GO_VERIFIER}+x`)).toThrow(/Ed25519/);
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3')).toThrow(/verifier key/);
    expect(() => generateSignerKey('has space')).toThrow(/valid key name/);
  });

  it('round-trips a generated key', () => {
    const fresh = parseSignerKey(generateSignerKey('desk.example/journal'));
    const note = signNote('desk.example/journal\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n', fresh);
    expect(openNote(note, parseVerifierKey(formatVerifierKey(verifierOf(fresh))))).toMatch(/^desk\.example\/journal\n3\n/);
  });
});

describe('checkpoint body (C2SP tlog-checkpoint)', () => {
  const root = Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex');

  it('writes origin, size and base64 root on three lines', () => {
    expect(formatCheckpoint({ origin: 'desk.example/journal', size: 8, root })).toBe('desk.example/journal\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n');
    expect(parseCheckpoint('desk.example/journal\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\nextension\n')).toEqual({ origin: 'desk.example/journal', size: 8, root });
  });

  it.each([
    ['a\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n', /size/],
    ['a\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqt\n', /root/],
    ['\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n', /origin/],
    ['a\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=', /newline/],
  ])('refuses %j', (text, message) => {
    expect(() => parseCheckpoint(text)).toThrow(message);
  });
});

describe('checkpoint files', () => {
  it('splits appended notes, with or without blank lines between them', () => {
    const a = `o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 o abc=\n`;
    const b = `o\n2\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 o def=\n\u2014 w ghi=\n`;
    expect(splitNotes(a + b)).toEqual([a, b]);
    expect(splitNotes(`${a}\n\n${b}`)).toEqual([a, b]);
    expect(splitNotes('')).toEqual([]);
  });
});

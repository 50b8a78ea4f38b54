import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';

/**
 * C2SP signed-note with Ed25519 (signature type 0x01), byte-compatible with Go's
 * golang.org/x/mod/sumdb/note:
 * - key ID = first 4 bytes (big-endian uint32) of SHA-256(key name || 0x0A || 0x01 || public key);
 * - verifier key = `<name>+<key ID as 8 hex digits>+<base64(0x01 || public key)>`;
 * - signer key   = `PRIVATE+KEY+<name>+<key ID>+<base64(0x01 || 32-byte seed)>`;
 * - note = text (ending in a newline) + a blank line + one line per signature:
 *   U+2014 em dash, space, key name, space, base64(key ID || 64-byte signature), newline.
 *   The signature covers the text including its final newline.
 */
export class NoteError extends Error {}

const ED25519 = 0x01;
const EM_DASH = '\u2014';
// DER prefixes that turn raw Ed25519 keys into PKCS#8 / SPKI for node:crypto (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface NoteSigner {
  name: string;
  keyId: number;
  publicKey: Buffer;
  privateKey: KeyObject;
}

export interface NoteVerifier {
  name: string;
  keyId: number;
  publicKey: Buffer;
}

// No lone surrogates: the text must encode to UTF-8 and back unchanged.
const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;

/** Non-empty, well-formed, no whitespace and no '+' (the separators of the key formats). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && wellFormed(name) && !/[\s+]/u.test(name);
}

export function keyId(name: string, publicKey: Buffer): number {
  const digest = createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a, ED25519])).update(publicKey).digest();
  return digest.readUInt32BE(0);
}

const hex8 = (id: number) => id.toString(16).padStart(8, '0');

// The base64 key, the last field, may itself contain '+'.
function splitKey(text: string, fields: number): string[] {
  const parts = text.trim().split('+');
  return parts.length < fields ? parts : [...parts.slice(0, fields - 1), parts.slice(fields - 1).join('+')];
}

function strictBase64(text: string): Buffer | null {
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

function signerFromSeed(name: string, seed: Buffer): NoteSigner {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
  return { name, keyId: keyId(name, publicKey), publicKey, privateKey };
}

/** Parses `PRIVATE+KEY+name+id+base64`; throws NoteError naming what is wrong. */
export function parseSignerKey(text: string): NoteSigner {
  const parts = splitKey(text, 5);
  if (parts.length !== 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new NoteError('is not a signer key of the form PRIVATE+KEY+<name>+<id>+<key>');
  const [, , name, id, encoded] = parts;
  if (!isValidKeyName(name)) throw new NoteError('has an invalid key name');
  const key = strictBase64(encoded);
  if (!key || key.length !== 33 || key[0] !== ED25519) throw new NoteError('is not an Ed25519 key (type 0x01 and a 32-byte seed)');
  const signer = signerFromSeed(name, key.subarray(1));
  if (!/^[0-9a-f]{8}$/.test(id) || hex8(signer.keyId) !== id) throw new NoteError('has a key ID that does not match its key');
  return signer;
}

export function formatSignerKey(signer: NoteSigner, seed: Buffer): string {
  return `PRIVATE+KEY+${signer.name}+${hex8(signer.keyId)}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64')}`;
}

/** A fresh signer key string for `name`. */
export function generateSignerKey(name: string): string {
  if (!isValidKeyName(name)) throw new NoteError(`'${name}' is not a valid key name`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_PREFIX.length);
  return formatSignerKey(signerFromSeed(name, seed), seed);
}

export function formatVerifierKey(key: NoteVerifier): string {
  return `${key.name}+${hex8(key.keyId)}+${Buffer.concat([Buffer.from([ED25519]), key.publicKey]).toString('base64')}`;
}

export function parseVerifierKey(text: string): NoteVerifier {
  const parts = splitKey(text, 3);
  if (parts.length !== 3) throw new NoteError('is not a verifier key of the form <name>+<id>+<key>');
  const [name, id, encoded] = parts;
  if (!isValidKeyName(name)) throw new NoteError('has an invalid key name');
  const key = strictBase64(encoded);
  if (!key || key.length !== 33 || key[0] !== ED25519) throw new NoteError('is not an Ed25519 key (type 0x01 and 32 bytes)');
  const publicKey = key.subarray(1);
  if (!/^[0-9a-f]{8}$/.test(id) || keyId(name, publicKey) !== parseInt(id, 16)) throw new NoteError('has a key ID that does not match its key');
  return { name, keyId: keyId(name, publicKey), publicKey };
}

function checkText(text: string): void {
  if (!text.endsWith('\n') || text.includes('\n\n') || /[\u0000-\u0009\u000b-\u001f]/.test(text) || !wellFormed(text)) {
    throw new NoteError('note text must be newline-terminated UTF-8 without blank lines or control characters');
  }
}

export function signNote(text: string, signer: NoteSigner): string {
  checkText(text);
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  return `${text}\n${EM_DASH} ${signer.name} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/**
 * Opens a signed note with one trusted key: returns its text when a signature by that key
 * (name and key ID) verifies. Signatures by other keys are ignored; a bad one by this key rejects.
 */
export function openNote(note: string, verifier: NoteVerifier): string {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('malformed note');
  const text = note.slice(0, split + 1);
  checkText(text);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > 100) throw new NoteError('malformed note');
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, verifier.publicKey]), format: 'der', type: 'spki' });
  let verified = false;
  for (const line of lines) {
    const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
    const bytes = match ? strictBase64(match[2]) : null;
    if (!match || !bytes || bytes.length < 5 || match[1].includes('+')) throw new NoteError('malformed note');
    if (match[1] !== verifier.name || bytes.readUInt32BE(0) !== verifier.keyId) continue;
    if (!verify(null, Buffer.from(text, 'utf8'), publicKey, bytes.subarray(4))) throw new NoteError(`invalid signature for key ${verifier.name}+${hex8(verifier.keyId)}`);
    verified = true;
  }
  if (!verified) throw new NoteError('note has no signature by the journal key');
  return text;
}

export function verifierOf(signer: NoteSigner): NoteVerifier {
  return { name: signer.name, keyId: signer.keyId, publicKey: signer.publicKey };
}

import { NoteError } from './signed-note';

/**
 * C2SP tlog-checkpoint body: the origin line, the tree size in decimal (no leading zeros),
 * the root hash in standard base64, each ending in a newline. Extension lines may follow;
 * the desk writes none and ignores any it reads.
 */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

export function formatCheckpoint({ origin, size, root }: Checkpoint): string {
  return `${origin}\n${size}\n${root.toString('base64')}\n`;
}

export function parseCheckpoint(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw new NoteError('a checkpoint has at least three newline-terminated lines');
  const [origin, size, root] = lines;
  if (!origin) throw new NoteError('the checkpoint has no origin');
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) throw new NoteError('the checkpoint size is not a decimal number');
  const hash = Buffer.from(root, 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== root) throw new NoteError('the checkpoint root is not a base64 SHA-256 hash');
  return { origin, size: Number(size), root: hash };
}

/**
 * The signed notes in a checkpoint file: notes appended one after another (each is its text,
 * a blank line and its signature lines), blank lines between them allowed.
 */
export function splitNotes(fileText: string): string[] {
  const notes: string[] = [];
  const lines = fileText.split('\n');
  let i = 0;
  while (i < lines.length) {
    while (i < lines.length && lines[i] === '') i += 1;
    if (i >= lines.length) break;
    const start = i;
    while (i < lines.length && lines[i] !== '') i += 1;
    i += 1; // the blank line before the signatures
    while (i < lines.length && lines[i].startsWith('\u2014 ')) i += 1;
    notes.push(`${lines.slice(start, i).join('\n')}\n`);
  }
  return notes;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Checkpoint, parseCheckpoint, splitNotes } from '../checkpoint/checkpoint';
import { NoteVerifier, openNote } from '../checkpoint/signed-note';

export interface KeptCheckpoint {
  /** `file#n`: the n-th note (1-based) of a file in CHECKPOINT_DIR. */
  source: string;
  checkpoint: Checkpoint | null;
  /** Why the note is not a checkpoint of this journal signed by its key. */
  invalid?: string;
}

/** Every note in every file of the checkpoint directory, opened with the journal key. */
export function readKeptCheckpoints(dir: string, verifier: NoteVerifier, origin: string): KeptCheckpoint[] {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((name) => fs.statSync(path.join(dir, name)).isFile()).sort();
  } catch {
    return [];
  }
  const kept: KeptCheckpoint[] = [];
  for (const file of files) {
    splitNotes(fs.readFileSync(path.join(dir, file), 'utf8')).forEach((note, i) => {
      const source = `${file}#${i + 1}`;
      try {
        const checkpoint = parseCheckpoint(openNote(note, verifier));
        if (checkpoint.origin !== origin) kept.push({ source, checkpoint: null, invalid: `it is a checkpoint of '${checkpoint.origin}', not of '${origin}'` });
        else kept.push({ source, checkpoint });
      } catch (error) {
        kept.push({ source, checkpoint: null, invalid: (error as Error).message });
      }
    });
  }
  return kept;
}

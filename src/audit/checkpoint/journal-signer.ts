import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../../config/app-config';
import type { AppConfig } from '../../config/app-config';
import { formatCheckpoint } from './checkpoint';
import { formatVerifierKey, NoteSigner, NoteVerifier, signNote, verifierOf } from './signed-note';
import { loadSigner } from './signing-key';

/** The journal's checkpoint key: signs tree heads as C2SP checkpoints. */
@Injectable()
export class JournalSigner {
  private readonly signer: NoteSigner;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.signer = loadSigner(config.journal, new Logger('JournalSigner'));
  }

  get origin(): string {
    return this.config.journal.origin;
  }

  /** The signed note of the checkpoint (origin, size, root). Ed25519 is deterministic: one size and root always sign alike. */
  sign(size: number, root: Buffer): string {
    return signNote(formatCheckpoint({ origin: this.origin, size, root }), this.signer);
  }

  verifier(): NoteVerifier {
    return verifierOf(this.signer);
  }

  verifierKey(): string {
    return formatVerifierKey(this.verifier());
  }
}

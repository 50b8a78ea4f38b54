import { InitialSchema1764400000000 } from './1764400000000-initial-schema';

// Listed explicitly so that the same set runs from ts-jest, dist/ and the CLI.
export const MIGRATIONS = [InitialSchema1764400000000];

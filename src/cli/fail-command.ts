import { describeFault } from '../database/storage-fault';

/** How a command that failed ends: one line naming the command and what stopped it, never a stack, and exit status 1. */
export function failCommand(name: string): (error: unknown) => never {
  return (error: unknown) => {
    console.error(`${name}: ${describeFault(error)}`);
    process.exit(1);
  };
}

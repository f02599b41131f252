// What every command shares with the shell: where it runs and writes, and the one error that means "wrong usage"
// (exit 2). Kept apart from main.ts so commands and the argument parser need nothing from the shell.
import type { Writable } from 'node:stream';

export interface Io {
  cwd: string;
  stdout: Pick<Writable, 'write'>;
  stderr: Pick<Writable, 'write'>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

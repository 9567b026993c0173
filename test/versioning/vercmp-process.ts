// Runs the built `layerlens vercmp` in a child process, as a user does.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../shared.js';

export const mainScript = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `layerlens vercmp ARGS` with `input` on standard input and returns its exit status and output. */
export function vercmp(args: string[], input: string): CliResult {
  const result = spawnSync(process.execPath, [mainScript, 'vercmp', ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

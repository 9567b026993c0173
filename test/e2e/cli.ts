// Runs the built `layerlens` command as a user does: a child process with
// arguments, standard input and an exit code. Every call names its own
// store with --db, so no test touches the user's cache directory.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { repoRoot } from '../shared.js';

/** The compiled entry point; `npm test` builds it before the tests run. */
export const CLI = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `layerlens ARGS...` and resolves when it exits, whatever the exit
 * code. With `closeStdout`, the test closes its end of the output pipe at
 * once, as `layerlens ... | head -1` does once head has its line.
 */
export function runCli(args: string[], options: { input?: string; cwd?: string; closeStdout?: boolean } = {}): Promise<CliResult> {
  const env = { ...process.env };
  // A store chosen by the environment would hide a missing --db in a test.
  delete env.LAYERLENS_DB;

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    if (options.closeStdout) child.stdout.destroy();
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `layerlens --db DB ARGS...`. */
export function runWithDb(db: string, args: string[]): Promise<CliResult> {
  return runCli(['--db', db, ...args]);
}

/** Formats a result for an assertion message, so a failure shows what the command printed. */
export function describeResult(result: CliResult): string {
  return `exit ${result.code}\n--- stdout ---\n${result.stdout.slice(0, 2000)}\n--- stderr ---\n${result.stderr.slice(0, 2000)}`;
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `layerlens-e2e-${prefix}-`));
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Row counts of every table of a store, read through a read-only connection. */
export function storeRowCounts(db: string): Record<string, number> {
  return Object.fromEntries(Object.entries(readStoreTables(db)).map(([table, rows]) => [table, rows.length]));
}

/**
 * A fingerprint of every row of a store: per table, the row count and a
 * SHA-256 of the sorted rows. Two equal fingerprints mean equal contents.
 */
export function storeFingerprint(db: string): Record<string, string> {
  const fingerprint: Record<string, string> = {};
  for (const [table, rows] of Object.entries(readStoreTables(db))) {
    const hash = createHash('sha256');
    for (const row of rows.sort()) hash.update(row).update('\n');
    fingerprint[table] = `${rows.length} rows, sha256 ${hash.digest('hex')}`;
  }
  return fingerprint;
}

/** Every table's rows as JSON strings, read through a read-only connection. */
function readStoreTables(db: string): Record<string, string[]> {
  const connection = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const tables = connection
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as Array<{ name: string }>;
    const contents: Record<string, string[]> = {};
    for (const { name } of tables) {
      const rows = connection.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][];
      // Buffers serialise as their bytes, so BLOB columns count too.
      contents[name] = rows.map((row) => JSON.stringify(row));
    }
    return contents;
  } finally {
    connection.close();
  }
}

/** A root filesystem in a temp folder, made from `relative path → contents or source file` entries. */
export function writeRootfs(root: string, files: Record<string, { copyFrom: string } | string>): string {
  for (const [relative, contents] of Object.entries(files)) {
    const target = path.join(root, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (typeof contents === 'string') fs.writeFileSync(target, contents);
    else fs.copyFileSync(contents.copyFrom, target);
  }
  return root;
}

#!/usr/bin/env node
// The `layerlens` command. Each subcommand parses its options here and
// calls a function of its own file; the work happens in the library.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isUserError } from '../errors.js';
import { logger, setLogLevel } from '../log.js';
import type { GlobalOptions } from './context.js';
import { runScan } from './scan.js';
import { runInventory } from './inventory.js';
import { runDbImport, runDbStatus } from './db.js';
import { runDbDiff } from './db-diff.js';
import { runDbExport } from './db-bundle.js';
import { runDbUpdate } from './update.js';
import { runVercmp } from './vercmp.js';
import { loadConfig } from '../config.js';
import { layerlensVersion } from '../version.js';

const program = new Command();

program
  .name('layerlens')
  .description('Find known vulnerabilities in container images.')
  .version(layerlensVersion(), '--version', 'print the LayerLens version')
  .option('--db <path>', 'vulnerability and inventory store, a SQLite file (default: layerlens/layerlens.db under the user cache directory); also LAYERLENS_DB')
  .option('--config <file>', 'configuration file (YAML): updaters, mirrors, intervals, retention, matcher and db.max_age; also LAYERLENS_CONFIG')
  .option('--offline', 'never touch the network: scan does not refresh the database, and db update is rejected')
  .option('-q, --quiet', 'print the report and errors only, no warnings or logs')
  .option('-v, --verbose', 'print progress logs on standard error')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

program.hook('preAction', () => {
  const options = program.opts<GlobalOptions>();
  if (options.verbose) setLogLevel('info');
  if (options.quiet) setLogLevel('error');

  // Every command checks the configuration file, also those that read none of its keys, so a typo never passes unnoticed.
  loadConfig(options.config);
});

program
  .command('scan')
  .description('Index an image and report its known vulnerabilities. A database filled by `db update` that is older than db.max_age (default 24h) is refreshed first, unless --offline is given.')
  .argument('<ref>', 'image reference: docker-archive:PATH[:NAME:TAG], oci-archive:PATH[:REF], oci:DIR[:REF], dir:PATH')
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
  .option('--severity <list>', 'report only these normalised severities, comma-separated (e.g. High,Critical)')
  .option('--fixable', 'report only vulnerabilities with a fixed version')
  .option('--exit-code <n>', 'exit with this code (1 to 255) when findings remain after the filters', parseExitCode)
  .option('--platform <os/arch>', 'platform to pick from a multi-platform index (default: this machine)')
  .option('--match-os-owned', 'also match language packages whose files an OS package owns (such as a Debian python3-* egg-info or a lib*-java jar) against the OSV feeds; by default they are matched through their OS package only, because distributions backport fixes (config key matcher.match_os_owned)')
  .action(async (ref: string, options) => {
    process.exitCode = await runScan(ref, options, program.opts<GlobalOptions>());
  });

program
  .command('inventory')
  .description('List the packages an image contains and the layer that introduced each.')
  .argument('<ref>', 'image reference, as for scan')
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'tsv', 'cyclonedx']).default('table'))
  .option('--platform <os/arch>', 'platform to pick from a multi-platform index (default: this machine)')
  .action(async (ref: string, options) => {
    process.exitCode = await runInventory(ref, options, program.opts<GlobalOptions>());
  });

const db = program.command('db').description('Manage the local vulnerability database.');

db.command('import')
  .description('Import feed files or bundles written by `db export` into the database. The format is detected: tar(.gz/.zst) snapshots, OSV zips, JSON, YAML, CSV, XML (OVAL, updateinfo; also .gz/.bz2) and text lists; see docs/feeds.md.')
  .argument('<file...>', 'feed files or bundles to import')
  .action(async (files: string[]) => {
    process.exitCode = await runDbImport(files, program.opts<GlobalOptions>());
  });

db.command('export')
  .description('Write every feed\'s current records to one bundle file (.tar.gz) for `db import` on a machine without internet access.')
  .argument('<bundle>', 'bundle file to write, such as layerlens-db.tar.gz; an existing file is replaced')
  .option('--feed <name>', 'export only this feed, as `db status` names it; repeat the option for several', collectValues, [])
  .action(async (bundle: string, options) => {
    process.exitCode = await runDbExport(bundle, options, program.opts<GlobalOptions>());
  });

db.command('update')
  .description('Fetch the upstream feeds whose updaters are due and store each changed feed as a new update operation.')
  .option('--feed <name...>', 'run only these updaters (an updater name such as alpine-secdb, a prefix such as debian or osv, or a feed name), due or not')
  .option('--force', 'run every selected updater even when its interval has not passed')
  .action(async (options) => {
    process.exitCode = await runDbUpdate(options, program.opts<GlobalOptions>());
  });

db.command('status')
  .description('Show each feed\'s current update operation: its id, record count, newest record date, time and source.')
  .addOption(new Option('--format <format>', 'output format; json also lists the operations kept per feed').choices(['table', 'json']).default('table'))
  .action(async (options) => {
    process.exitCode = await runDbStatus(options, program.opts<GlobalOptions>());
  });

db.command('diff')
  .description('List the records added and removed between two update operations of one feed.')
  .argument('<prev>', 'the earlier operation id (the OPERATION column of `db status`; `db status --format json` lists every kept one)')
  .argument('<cur>', 'the later operation id, of the same feed')
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
  .action(async (prev: string, cur: string, options) => {
    process.exitCode = await runDbDiff(prev, cur, options, program.opts<GlobalOptions>());
  });

program
  .command('vercmp')
  .description('Compare versions: reads LEFT<TAB>RIGHT lines on standard input and writes <, = or > per line.')
  .requiredOption('--scheme <scheme>', 'version scheme, such as dpkg or apk')
  .option('--range', 'read VERSION<TAB>RANGE lines and write true or false')
  .option('--loose', 'with --range: accept versions and ranges that are not strict (node-semver loose)')
  .option('--include-prerelease', 'with --range: let pre-release versions match a range (node-semver includePrerelease, PEP 440 prereleases=True)')
  .action(async (options) => {
    process.exitCode = await runVercmp(options);
  });

/** Collects the values of an option given more than once. */
function collectValues(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseExitCode(value: string): number {
  const parsed = Number(value.trim());
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 255 || value.trim() === '') {
    throw new InvalidArgumentError('give a whole number from 1 to 255, such as 1');
  }
  return parsed;
}

async function main(): Promise<void> {
  // A reader that stops early (`layerlens scan IMAGE | head`) closes the
  // pipe, and the next write fails with EPIPE. The command still finishes,
  // so its exit code (such as --exit-code) stays what the findings decide.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });

  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version requests end with code 0; usage errors with 2.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (isUserError(err)) {
      process.stderr.write(`layerlens: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    logger('cli').error({ err }, 'internal error');
    process.stderr.write(`layerlens: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

await main();

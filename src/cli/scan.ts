// `layerlens scan REF`: index the image, match it against the local
// vulnerability database and print the findings.
import { matchReport } from '../matcher/matcher.js';
import { defaultMatchers } from '../matcher/registry.js';
import { toClairVulnerabilityReport } from '../report/clair.js';
import { filterFindings, parseFindingFilter } from '../report/filter.js';
import { formatVulnerabilityTable } from '../report/table.js';
import { logger } from '../log.js';
import { loadConfig } from '../config.js';
import { autoUpdate } from '../feeds/auto-update.js';
import { defaultUpdaters } from '../feeds/updaters.js';
import type { IndexReport } from '../indexer/types.js';
import { UserError } from '../errors.js';
import { storeLocation, type GlobalOptions } from './context.js';
import { withIndexedImage } from './index-image.js';
import type { Store } from '../store/store.js';

export interface ScanOptions {
  format?: 'table' | 'json';
  severity?: string;
  fixable?: boolean;
  exitCode?: number;
  platform?: string;
  matchOsOwned?: boolean;
}

/** Runs a scan and returns the process exit code. */
export async function runScan(reference: string, options: ScanOptions, globals: GlobalOptions, output: NodeJS.WritableStream = process.stdout): Promise<number> {
  // Parse the filters first, so a mistyped severity fails before any layer is read.
  const filter = parseFindingFilter(options);
  const config = loadConfig(globals.config);
  const log = logger('scan');

  return withIndexedImage(reference, options, globals, async (report, store) => {
    const matchOsOwned = options.matchOsOwned === true || config.matcher.matchOsOwned;
    const vulnerabilityReport = await matchReport(report, store, { matchers: defaultMatchers({ matchOsOwned }) });
    const findings = filterFindings(vulnerabilityReport.findings, filter);
    for (const release of vulnerabilityReport.releasesWithoutRecords) {
      if (globals.quiet) break;
      // A language ecosystem is named alone (`npm`), a distribution with its release (`alpine v3.16`).
      const feed = release.includes(' ') ? "that release's feed" : `the OSV feed of ${release} (its all.zip)`;
      process.stderr.write(`layerlens: warning: the database has no records for ${release}, so its packages could not be checked; import ${feed} with \`layerlens db import FILE\` or fetch it with \`layerlens db update\`\n`);
    }
    log.info({ manifest: report.manifestDigest, findings: findings.length, total: vulnerabilityReport.findings.length }, 'scan finished');

    if (options.format === 'json') {
      const clair = toClairVulnerabilityReport(report, { ...vulnerabilityReport, findings });
      output.write(`${JSON.stringify(clair, null, 2)}\n`);
    } else {
      if (!report.distribution && !globals.quiet) {
        process.stderr.write(`layerlens: warning: no distribution release found in ${reference}; OS packages were not matched\n`);
      }
      output.write(`${describeImage(reference, report)}\n`);
      output.write(formatVulnerabilityTable(findings));
    }

    return findings.length > 0 && options.exitCode !== undefined ? options.exitCode : 0;
  }, async (store) => {
    // Refreshes a database that `db update` filled once it is older than db.max_age (never an imported one, never with --offline).
    await autoUpdate(store, defaultUpdaters(), config, { offline: globals.offline });
    await rejectEmptyDatabase(store, globals);
  });
}

/** Stops the scan before any layer is read when the database contains no feed, because every image would look clean. */
async function rejectEmptyDatabase(store: Store, globals: GlobalOptions): Promise<void> {
  if ((await store.feedStatus()).length === 0) {
    throw new UserError(
      'USAGE',
      `the vulnerability database ${storeLocation(globals)} is empty, so a scan would find nothing; import feeds first with \`layerlens db import FILE...\``,
    );
  }
}

/** Returns the line above the table: the image, its distribution and its package count. */
function describeImage(reference: string, report: IndexReport): string {
  const distribution = report.distribution?.prettyName || 'unknown distribution';
  return `${reference} (${report.manifestDigest.slice(0, 19)}): ${distribution}, ${report.packages.length} packages in ${report.layers.length} ${report.layers.length === 1 ? 'layer' : 'layers'}`;
}

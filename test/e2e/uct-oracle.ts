// An oracle for Ubuntu findings that shares no code with LayerLens: a
// small parser of the Ubuntu CVE Tracker files and of a dpkg status file,
// with `dpkg --compare-versions` deciding which fixes an installed version
// carries. It also reads a Clair VulnerabilityReport into the same shape.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface InstalledPackage {
  name: string;
  version: string;
  sourceName: string;
  sourceVersion: string;
}

/** Reads the installed packages of a dpkg status file. The source is `Source: NAME [(VERSION)]`, else the binary. */
export function readDpkgStatus(file: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const stanza of fs.readFileSync(file, 'utf8').split(/\n\s*\n/)) {
    const field = (name: string): string | undefined => new RegExp(`^${name}: *(.*)$`, 'm').exec(stanza)?.[1]?.trim();
    const name = field('Package');
    const version = field('Version');
    if (!name || !version || !/ installed$/.test(field('Status') ?? '')) continue;

    const source = /^(\S+)(?: \((\S+)\))?$/.exec(field('Source') ?? '');
    packages.push({ name, version, sourceName: source?.[1] ?? name, sourceVersion: source?.[2] ?? version });
  }
  return packages;
}

/** Extracts a tracker snapshot with the `tar` command and returns its `active/` folder. */
export function extractTracker(snapshot: string, into: string): string {
  fs.mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-xzf', snapshot, '-C', into]);
  return path.join(into, 'ubuntu-cve-tracker', 'active');
}

/** One `<release>_<source>: <status> (<detail>)` line of a tracker file, with its priority. */
export interface TrackerEntry {
  cve: string;
  status: string;
  detail: string;
  /** `Priority_<source>` when the file has one, else the file's `Priority`. */
  priority: string | undefined;
}

/** Reads every CVE file of the extracted tracker into entries for one release, by source package. */
export function readTracker(activeDir: string, release: string): Map<string, TrackerEntry[]> {
  const bySource = new Map<string, TrackerEntry[]>();
  const statusLine = new RegExp(`^${release}_(\\S+?):\\s*(\\S+)\\s*(.*)$`, 'gm');

  for (const cve of fs.readdirSync(activeDir).filter((name) => /^CVE-\d+-\d+$/.test(name))) {
    const text = fs.readFileSync(path.join(activeDir, cve), 'utf8');
    const priority = /^Priority:[ \t]*(\S+)/m.exec(text)?.[1];

    for (const [, source, status, detail] of text.matchAll(statusLine)) {
      const override = new RegExp(`^Priority_${escapeRegExp(source)}:[ \\t]*(\\S+)`, 'm').exec(text)?.[1];
      const entries = bySource.get(source) ?? [];
      entries.push({ cve, status, detail, priority: override ?? priority });
      bySource.set(source, entries);
    }
  }
  return bySource;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The version in a `released` detail, `(1.2-3)`; the first one where a line names two. */
function releasedVersion(detail: string): string | undefined {
  return /^[([]\s*([0-9][^\s,)\]]*)/.exec(detail)?.[1];
}

/** Runs `dpkg --compare-versions A lt B` for every pair in one shell, one dpkg call per pair. */
export function dpkgLessThan(pairs: Array<[string, string]>): boolean[] {
  const script = 'while read -r a b; do if dpkg --compare-versions "$a" lt "$b"; then echo 1; else echo 0; fi; done';
  const input = pairs.map(([a, b]) => `${a} ${b}\n`).join('');
  const output = execFileSync('sh', ['-c', script], { input, encoding: 'utf8' }).trim().split('\n');
  assert.equal(output.length, pairs.length, 'one dpkg answer per pair');
  return output.map((line) => line === '1');
}

export interface ExpectedFinding {
  state: 'fixed' | 'unfixed' | 'wont-fix';
  fixedVersion: string;
  priority: string | undefined;
}

/**
 * Applies the tracker's status words to the installed packages:
 * - `released (V)`: affected while the source version is below V, fixed in V;
 * - `needed`, `needs-triage`, `pending`, `deferred`: affected, no fix yet;
 * - `ignored`: affected, and Ubuntu will not fix it;
 * - `not-affected`, `DNE`: nothing to report.
 * A `released` line with no version (none exists for bionic in this
 * snapshot) gives no finding, as LayerLens skips it: without a version
 * there is nothing to compare with.
 */
export function expectedFindings(installed: InstalledPackage[], tracker: Map<string, TrackerEntry[]>): Map<string, ExpectedFinding> {
  const expected = new Map<string, ExpectedFinding>();
  const released: Array<{ key: string; pair: [string, string]; entry: TrackerEntry; fixed: string }> = [];

  for (const pkg of installed) {
    for (const entry of tracker.get(pkg.sourceName) ?? []) {
      const key = `${pkg.name} ${entry.cve}`;
      switch (entry.status) {
        case 'released': {
          const fixed = releasedVersion(entry.detail);
          if (fixed !== undefined) released.push({ key, pair: [pkg.sourceVersion, fixed], entry, fixed });
          break;
        }
        case 'needed':
        case 'needs-triage':
        case 'pending':
        case 'deferred':
          expected.set(key, { state: 'unfixed', fixedVersion: '', priority: entry.priority });
          break;
        case 'ignored':
          expected.set(key, { state: 'wont-fix', fixedVersion: '', priority: entry.priority });
          break;
        case 'not-affected':
        case 'DNE':
          break;
        default:
          assert.fail(`unknown status "${entry.status}" in ${entry.cve}`);
      }
    }
  }

  const below = dpkgLessThan(released.map((item) => item.pair));
  for (const [index, item] of released.entries()) {
    if (below[index]) expected.set(item.key, { state: 'fixed', fixedVersion: item.fixed, priority: item.entry.priority });
  }
  return expected;
}

/** UCT priorities on the normalised scale; `untriaged` and a missing priority are Unknown. */
export const NORMALISED: Record<string, string> = {
  negligible: 'Negligible',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
  untriaged: 'Unknown',
};

export interface ClairReport {
  packages: Record<string, { name: string; version: string }>;
  vulnerabilities: Record<string, { name: string; fixed_in_version: string; severity: string; normalized_severity: string; state: string }>;
  package_vulnerabilities: Record<string, string[]>;
}

export interface ReportedFinding {
  fixedVersion: string;
  severity: string;
  normalizedSeverity: string;
  state: string;
}

/** Reads the findings of a Clair VulnerabilityReport as `<binary package> <vulnerability name>` keys. */
export function reportedFindings(report: ClairReport): Map<string, ReportedFinding> {
  const findings = new Map<string, ReportedFinding>();
  for (const [packageId, vulnerabilityIds] of Object.entries(report.package_vulnerabilities)) {
    const pkg = report.packages[packageId];
    assert.ok(pkg, `package ${packageId} of package_vulnerabilities is in packages`);
    for (const id of vulnerabilityIds) {
      const vulnerability = report.vulnerabilities[id];
      assert.ok(vulnerability, `vulnerability ${id} is in vulnerabilities`);
      const key = `${pkg.name} ${vulnerability.name}`;
      assert.ok(!findings.has(key), `${key} is reported once`);
      findings.set(key, {
        fixedVersion: vulnerability.fixed_in_version,
        severity: vulnerability.severity,
        normalizedSeverity: vulnerability.normalized_severity,
        state: vulnerability.state,
      });
    }
  }
  return findings;
}

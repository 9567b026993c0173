// Findings built by running the matcher over hand-built records, for the report tests.
import { matchReport } from '../../src/matcher/matcher.js';
import { createDebianMatcher } from '../../src/ecosystems/debian/matcher.js';
import { dpkgScheme } from '../../src/ecosystems/dpkg/version.js';
import type { IndexReport } from '../../src/indexer/types.js';
import type { VulnerabilityReport } from '../../src/matcher/types.js';
import { BOOKWORM, LAYER_BASE, LAYER_TOP, captureLog, deb, indexReport, record } from '../matcher/fixtures.js';
import { MemoryStore } from '../fakes/memory-store.js';

export interface Scenario {
  index: IndexReport;
  vulnerabilities: VulnerabilityReport;
}

/**
 * Matches a bookworm image with openssl (two binaries), curl, zlib, bash and an
 * npm package, and records in every affecting state.
 */
export async function bookwormScenario(): Promise<Scenario> {
  const packages = [
    deb('libssl3', '3.0.11-1~deb12u1', { name: 'openssl', version: '3.0.11-1~deb12u1' }),
    deb('openssl', '3.0.11-1~deb12u1', undefined, LAYER_TOP),
    deb('libcurl4', '7.88.1-10+deb12u4', { name: 'curl', version: '7.88.1-10+deb12u4' }, LAYER_TOP),
    deb('zlib1g', '1:1.2.13.dfsg-1', { name: 'zlib', version: '1:1.2.13.dfsg-1' }),
    deb('bash', '5.2.15-2+b2', { name: 'bash', version: '5.2.15-2' }),
    { ...deb('minimist', '1.2.0'), ecosystem: 'npm' as const, sourceName: '', sourceVersion: '', path: 'opt/vendor/node_modules/minimist/package.json' },
  ];
  const records = [
    record({ advisoryId: 'CVE-2023-5678', packageName: 'openssl', state: 'fixed', fixedVersion: '3.0.11-1~deb12u2', severity: 'Medium', vendorSeverity: 'medium', published: '2023-11-06T16:15:00Z', links: ['https://security-tracker.debian.org/tracker/CVE-2023-5678'] }),
    record({ feed: 'debian-dsa', advisoryId: 'DSA-5532-1', cves: ['CVE-2023-5678'], packageName: 'openssl', state: 'fixed', fixedVersion: '3.0.11-1~deb12u2', links: ['https://www.debian.org/security/2023/dsa-5532'] }),
    record({ advisoryId: 'CVE-2023-38545', packageName: 'curl', state: 'fixed', fixedVersion: '7.88.1-10+deb12u4', severity: 'High', vendorSeverity: 'high' }),
    record({ advisoryId: 'CVE-2023-38546', packageName: 'curl', state: 'wont-fix', severity: 'Low', vendorSeverity: 'low' }),
    record({ advisoryId: 'CVE-2023-45853', packageName: 'zlib', state: 'fixed', fixedVersion: '1:1.2.13.dfsg-1+deb12u1', severity: 'Critical', vendorSeverity: 'Critical' }),
    record({ advisoryId: 'CVE-2022-3715', packageName: 'bash', state: 'unfixed', severity: 'Negligible', vendorSeverity: 'unimportant' }),
    record({ advisoryId: 'CVE-2019-18276', packageName: 'bash', state: 'fixed', fixedVersion: 'not a version', severity: 'Low', vendorSeverity: 'low' }),
  ];

  const index = indexReport(BOOKWORM, packages);
  const vulnerabilities = await matchReport(index, new MemoryStore(records), {
    matchers: [createDebianMatcher(dpkgScheme)],
    log: captureLog().log,
  });
  return { index, vulnerabilities };
}

export { LAYER_BASE, LAYER_TOP };

// Oracle Linux ELSA OVAL (`com.oracle.elsa-all.xml.bz2`): one `patch`
// definition per ELSA advisory, for every Oracle Linux release, with
// package criteria guarded by release ("Oracle Linux 8 is installed"),
// architecture ("Oracle Linux arch is x86_64") and module stream
// ("Module nodejs:18 is enabled") criteria.
import path from 'node:path';
import type { FeedInput, FeedParser, VulnerabilityRecord } from '../../feeds/types.js';
import type { OvalDefinition } from '../../feeds/oval.js';
import { readOvalDefinitions } from '../../feeds/oval.js';
import { ovalRecords, type OvalRelease } from '../../feeds/oval-records.js';
import { logger } from '../../log.js';

export const ORACLE_FEED = 'oracle-oval';

const DOCUMENT_NAME = /^com\.oracle\.elsa-[\w.-]+\.xml(\.bz2|\.gz)?$/;

const log = logger('feeds.oracle-oval');

/** Returns the release of `Oracle Linux 8`: the major, as matchers derive it from VERSION_ID. */
export function oracleRelease(platform: string): OvalRelease | undefined {
  const match = /^Oracle Linux (\d+)$/.exec(platform.trim());
  return match ? { distribution: 'ol', release: match[1] } : undefined;
}

function oracleAdvisoryId(definition: OvalDefinition): string {
  return /^(ELSA-\d{4}-\d+)/.exec(definition.title)?.[1] ?? definition.id;
}

/**
 * Ksplice userspace errata patch running processes and never apply inside a
 * container; a definition whose every CPE is a ksplice one is skipped.
 */
function onlyKsplice(definition: OvalDefinition): boolean {
  return definition.affectedCpes.length > 0 && definition.affectedCpes.every((cpe) => cpe.includes('userspace_ksplice'));
}

export const oracleOvalParser: FeedParser = {
  name: ORACLE_FEED,

  accepts(memberPath: string): boolean {
    return DOCUMENT_NAME.test(path.posix.basename(memberPath));
  },

  async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
    let kspliceOnly = 0;
    for await (const definition of readOvalDefinitions(input)) {
      if (onlyKsplice(definition)) {
        kspliceOnly++;
        continue;
      }
      yield* ovalRecords(definition, { feed: ORACLE_FEED, release: oracleRelease, advisoryId: oracleAdvisoryId });
    }
    if (kspliceOnly > 0) log.info({ member: input.name, kspliceOnly }, 'skipped ksplice userspace advisories');
  },
};

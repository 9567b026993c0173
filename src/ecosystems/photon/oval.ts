// Photon OS OVAL: one document per major release
// (`com.vmware.phsa-photon3.xml.gz`), one `patch` definition per PHSA
// advisory, naming each binary rpm and the EVR that fixes it.
import path from 'node:path';
import type { FeedInput, FeedParser, VulnerabilityRecord } from '../../feeds/types.js';
import type { OvalDefinition } from '../../feeds/oval.js';
import { readOvalDefinitions } from '../../feeds/oval.js';
import { ovalRecords, type OvalRelease } from '../../feeds/oval-records.js';

export const PHOTON_FEED = 'photon-oval';

const DOCUMENT_NAME = /^com\.vmware\.phsa-photon\d+\.xml(\.gz)?$/;

/**
 * Returns the release of a Photon platform name, `Photon OS 3` in criteria
 * and `Photon 3` in the metadata, as os-release's VERSION_ID writes it (`3.0`).
 */
export function photonRelease(platform: string): OvalRelease | undefined {
  const match = /^Photon(?: OS)? (\d+)(?:\.(\d+))?$/.exec(platform.trim());
  return match ? { distribution: 'photon', release: `${match[1]}.${match[2] ?? '0'}` } : undefined;
}

/** Returns the PHSA id at the start of the title (`PHSA-2020:00001 sqlite Security Update. (Important)`), else the definition id. */
function photonAdvisoryId(definition: OvalDefinition): string {
  return /^(PHSA-\S+)/.exec(definition.title)?.[1] ?? definition.id;
}

export const photonOvalParser: FeedParser = {
  name: PHOTON_FEED,

  accepts(memberPath: string): boolean {
    return DOCUMENT_NAME.test(path.posix.basename(memberPath));
  },

  async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
    for await (const definition of readOvalDefinitions(input)) {
      yield* ovalRecords(definition, { feed: PHOTON_FEED, release: photonRelease, advisoryId: photonAdvisoryId });
    }
  },
};

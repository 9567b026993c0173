// Red Hat's CSAF documents in the shared sample tarball, read member by member.
import { readSnapshotMember } from './helpers.js';
import { sharedPath } from '../shared.js';

export const REDHAT_SAMPLES = sharedPath('feeds', 'redhat-csaf-vex-samples.tar.gz');

/** Returns the text of one document of the Red Hat sample (`cve-2024-0727.json`, `advisories/rhsa-2022_0011.json`). */
export async function sampleText(name: string): Promise<string> {
  return (await readSnapshotMember(REDHAT_SAMPLES, `redhat-csaf-vex/${name}`)).toString('utf8');
}

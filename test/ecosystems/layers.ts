// Builds a two-layer image from scanner findings, to check how a scanner's
// database paths meet the whiteouts of a higher layer.
import { coalesce } from '../../src/indexer/coalesce.js';
import type { Manifest } from '../../src/image/types.js';
import type { LayerChanges, LayerFindings, LayerScan } from '../../src/indexer/types.js';

const DIGESTS = ['sha256:' + '1'.repeat(64), 'sha256:' + '2'.repeat(64)];

const MANIFEST: Manifest = {
  digest: 'sha256:' + '0'.repeat(64),
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:' + 'c'.repeat(64), size: 1 },
  layers: DIGESTS.map((digest) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size: 1 })),
  reference: 'oci-archive:test.tar:x',
};

/** Returns the sorted package names of an image whose lower layer found `lower` and whose upper layer only deletes files. */
export function namesAfterChanges(lower: LayerFindings, upper: LayerChanges, empty: LayerFindings): string[] {
  const layers: LayerScan[] = [
    { digest: DIGESTS[0], changes: { whiteouts: [], opaqueDirs: [] }, findings: [lower] },
    { digest: DIGESTS[1], changes: upper, findings: [empty] },
  ];
  return coalesce(layers, MANIFEST).packages.map((p) => p.name).sort();
}

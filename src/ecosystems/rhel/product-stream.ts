// The Red Hat product streams LayerLens keeps are the main Red Hat
// Enterprise Linux streams, whose CPE names `enterprise_linux` (BaseOS,
// AppStream, CRB, RHEL 7 Server and friends, and the per-major
// `red_hat_enterprise_linux_N` products that unfixed statements name).
import type { CsafProduct } from './csaf.js';

export interface RhelStream {
  /** Major release, the record's `release`: `9`. */
  major: string;
  /** Minor release when the stream names one (`BaseOS-9.4.0.GA`, `enterprise_linux:10.1`), else undefined. */
  minor?: number;
}

// CPE 2.2 URI form, as Red Hat writes it: cpe:/o:redhat:enterprise_linux:9::baseos.
const CPE_URI = /^cpe:\/[aoh]:([^:]*):([^:]*):?([^:]*)/;
// CPE 2.3 formatted string: cpe:2.3:o:redhat:enterprise_linux:9:*:...
const CPE_23 = /^cpe:2\.3:[aoh]:([^:]*):([^:]*):([^:]*)/;
const STREAM_MINOR = /^[A-Za-z]+-(\d+)\.(\d+)\./;

/**
 * Returns the RHEL release of a product stream, or undefined for every
 * other Red Hat product (middleware, OpenShift, Satellite) and for the
 * extended support streams.
 *
 * NOTE: EUS, AUS, E4S, TUS, ELS and SAP streams (`rhel_eus`, `rhel_aus`,
 * `enterprise_linux_eus`, ...) are left out: os-release does not say that an
 * image follows one, and their fixed versions would hide fixes that the main
 * stream ships later.
 */
export function rhelStream(stream: CsafProduct): RhelStream | undefined {
  const cpe = stream.product_identification_helper?.cpe;
  if (cpe === undefined) return undefined;

  const match = CPE_URI.exec(cpe) ?? CPE_23.exec(cpe);
  if (!match) return undefined;

  const [, vendor, product, version] = match;
  if (vendor !== 'redhat' || product !== 'enterprise_linux') return undefined;

  const release = /^(\d+)(?:\.(\d+))?/.exec(version);
  if (!release) return undefined;

  const idMinor = STREAM_MINOR.exec(stream.product_id);
  let minor: number | undefined;
  if (release[2] !== undefined) minor = Number(release[2]);
  else if (idMinor && idMinor[1] === release[1]) minor = Number(idMinor[2]);

  return { major: release[1], minor };
}

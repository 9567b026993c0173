// The rpm package a CSAF component names: from its purl when the product
// tree gives one (`pkg:rpm/redhat/openssl@3.0.7-27.el9?arch=x86_64&epoch=1`),
// else from the product reference, a NEVRA (`openssl-1:3.0.7-27.el9.x86_64`)
// or a bare name (`openssl`, `openssl.src`), with a modularity stream after
// `::` (`perl-FCGI-1:0.78-11.module+el8.6.0+23193+83e23a7a.1.src::perl-FCGI:0.78`).
import { PackageURL } from 'packageurl-js';
import type { CsafProduct, ResolvedProduct } from './csaf.js';

export interface RpmComponent {
  /** Binary package name, or the source package name when `source` is true. */
  name: string;
  /** `[epoch:]version-release`, epoch written only when not 0; undefined for an unversioned component. */
  evr?: string;
  arch?: string;
  /** True for a source rpm (arch `src`): the statement is about every binary built from it. */
  source: boolean;
  /** Modularity stream `name:stream`, undefined outside modules. */
  module?: string;
}

// name-epoch:version-release.arch, as Red Hat writes product references.
const NEVRA = /^(.+)-(\d+):([^-:]+)-([^-:]+)\.([^.]+)$/;

/** Returns the rpm package of a resolved product, or undefined when the component is not an rpm (a container image, a Maven artifact, ...). */
export function rpmComponent(resolved: ResolvedProduct): RpmComponent | undefined {
  const { component } = resolved;
  const [reference, moduleSuffix] = splitModule(component.product_id);

  const purl = parsePurl(component);
  let parsed: RpmComponent | undefined;
  if (purl === null) parsed = undefined;
  else if (purl !== undefined) parsed = fromPurl(purl);
  else parsed = fromReference(reference);
  if (parsed === undefined) return undefined;

  const module = parsed.module ?? moduleSuffix ?? moduleOf(resolved.moduleReference);
  return module === undefined ? parsed : { ...parsed, module };
}

/** Splits `reference::name:stream` into the package part and the module stream. */
function splitModule(productId: string): [string, string | undefined] {
  const at = productId.indexOf('::');
  if (at === -1) return [productId, undefined];
  return [productId.slice(0, at), moduleStream(productId.slice(at + 2))];
}

/** Returns the purl of a product, undefined when it has none, and null when it has one that is not an rpm or cannot be parsed. */
function parsePurl(product: CsafProduct): PackageURL | undefined | null {
  const text = product.product_identification_helper?.purl;
  if (text === undefined) return undefined;
  try {
    const purl = PackageURL.fromString(text);
    return purl.type === 'rpm' ? purl : null;
  } catch {
    return null;
  }
}

function fromPurl(purl: PackageURL): RpmComponent {
  const qualifiers = purl.qualifiers ?? {};
  const arch = qualifiers.arch;
  const epoch = qualifiers.epoch;

  let evr: string | undefined;
  if (purl.version) evr = epoch && epoch !== '0' ? `${epoch}:${purl.version}` : purl.version;

  return {
    name: purl.name,
    evr,
    arch,
    source: arch === 'src',
    module: qualifiers.rpmmod === undefined ? undefined : moduleStream(qualifiers.rpmmod),
  };
}

function fromReference(reference: string): RpmComponent | undefined {
  const nevra = NEVRA.exec(reference);
  if (nevra) {
    const [, name, epoch, version, release, arch] = nevra;
    const evr = epoch === '0' ? `${version}-${release}` : `${epoch}:${version}-${release}`;
    return { name, evr, arch, source: arch === 'src' };
  }

  // A reference with spaces, slashes or `@` names an image or an artifact, not an rpm.
  if (/[\s/@]/.test(reference) || reference === '') return undefined;
  if (reference.endsWith('.src')) return { name: reference.slice(0, -'.src'.length), arch: 'src', source: true };
  return { name: reference, source: false };
}

/** Returns `name:stream` from a module reference or label (`name:stream[:version:context]`). */
function moduleStream(text: string): string | undefined {
  const [name, stream] = text.split(':');
  return name && stream ? `${name}:${stream}` : undefined;
}

function moduleOf(reference: string | undefined): string | undefined {
  return reference === undefined ? undefined : moduleStream(reference);
}

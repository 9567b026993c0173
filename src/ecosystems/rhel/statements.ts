// Turns the product ids of a CSAF vulnerability's status lists into rpm
// statements about RHEL releases, grouped by (release, package, module,
// source or binary), the unit a record describes.
import type { ProductStatusList, ProductTree } from './csaf.js';
import { PRODUCT_STATUS_LISTS } from './csaf.js';
import { rpmComponent, type RpmComponent } from './component.js';
import { rhelStream, type RhelStream } from './product-stream.js';

/** One product id of a status list, resolved to a RHEL stream and an rpm. */
export interface RpmStatement {
  productId: string;
  list: ProductStatusList;
  stream: RhelStream;
  component: RpmComponent;
}

/** The statements about one package in one release. */
export interface PackageStatements {
  release: string;
  packageName: string;
  module?: string;
  source: boolean;
  statements: RpmStatement[];
}

export interface CollectResult {
  groups: PackageStatements[];
  /** Product ids that named no RHEL stream or no rpm (other products, images, extended support streams). */
  skipped: number;
}

/** Resolves every product id of the status lists and groups the RHEL rpm statements. */
export function collectStatements(tree: ProductTree, status: Partial<Record<ProductStatusList, string[]>> | undefined): CollectResult {
  const groups = new Map<string, PackageStatements>();
  let skipped = 0;

  for (const list of PRODUCT_STATUS_LISTS) {
    for (const productId of status?.[list] ?? []) {
      const statement = resolveStatement(tree, productId, list);
      if (statement === undefined) {
        skipped++;
        continue;
      }

      const { stream, component } = statement;
      const key = [stream.major, component.name, component.module ?? '', component.source ? 'src' : ''].join('\u0000');
      let group = groups.get(key);
      if (group === undefined) {
        group = { release: stream.major, packageName: component.name, module: component.module, source: component.source, statements: [] };
        groups.set(key, group);
      }
      group.statements.push(statement);
    }
  }
  return { groups: [...groups.values()], skipped };
}

function resolveStatement(tree: ProductTree, productId: string, list: ProductStatusList): RpmStatement | undefined {
  const resolved = tree.resolve(productId);
  if (resolved === undefined) return undefined;

  const stream = rhelStream(resolved.stream);
  if (stream === undefined) return undefined;

  const component = rpmComponent(resolved);
  if (component === undefined) return undefined;

  return { productId, list, stream, component };
}

/** One fixed build of a package in one minor release stream, with the product ids that state it. */
export interface StreamFix {
  /** `9.2`, or undefined for a stream that names no minor (RHEL 7 Server). */
  minorRelease?: string;
  version: string;
  productIds: string[];
}

/**
 * Returns the distinct fixed builds of a group per minor release stream.
 * Each minor's fix is kept, because the matcher picks the fix of the
 * installed package's own minor: a z-stream fix for 9.2 (`el9_2`) and the
 * later 9.3 build of the same fix are both correct for their stream.
 */
export function streamFixes(statements: RpmStatement[]): StreamFix[] {
  const fixes = new Map<string, StreamFix>();

  for (const statement of statements) {
    const version = statement.component.evr;
    if (statement.list !== 'fixed' || version === undefined) continue;

    const { major, minor } = statement.stream;
    const minorRelease = minor === undefined ? undefined : `${major}.${minor}`;
    const key = `${minorRelease ?? ''} ${version}`;

    const fix = fixes.get(key);
    if (fix) fix.productIds.push(statement.productId);
    else fixes.set(key, { minorRelease, version, productIds: [statement.productId] });
  }
  return [...fixes.values()];
}

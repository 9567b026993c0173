// The parts of a CSAF 2.0 document that Red Hat's VEX files and security
// advisories fill in, and the product tree lookups both parsers share.
// A product status names a combined id `<product stream>:<component>`.
// Its relationship leads to the stream (with its CPE) and to the package
// (with its purl).
import { invalidFeed } from '../../feeds/invalid-feed.js';
import { isJsonObject } from '../../feeds/json-document.js';

export interface CsafProduct {
  name?: string;
  product_id: string;
  product_identification_helper?: { cpe?: string; purl?: string };
}

export interface CsafBranch {
  category?: string;
  name?: string;
  product?: CsafProduct;
  branches?: CsafBranch[];
}

export interface CsafRelationship {
  category: string;
  product_reference: string;
  relates_to_product_reference: string;
  full_product_name: { name?: string; product_id: string };
}

export interface CsafRemediation {
  category: string;
  details?: string;
  product_ids?: string[];
  url?: string;
}

export interface CsafScore {
  cvss_v2?: { version?: string; vectorString?: string; baseScore?: number };
  cvss_v3?: { version?: string; vectorString?: string; baseScore?: number };
  cvss_v4?: { version?: string; vectorString?: string; baseScore?: number };
  products?: string[];
}

export interface CsafThreat {
  category: string;
  details?: string;
  product_ids?: string[];
}

export interface CsafNote {
  category?: string;
  text?: string;
  title?: string;
}

export interface CsafVulnerability {
  cve?: string;
  title?: string;
  notes?: CsafNote[];
  release_date?: string;
  discovery_date?: string;
  product_status?: Partial<Record<ProductStatusList, string[]>>;
  remediations?: CsafRemediation[];
  scores?: CsafScore[];
  threats?: CsafThreat[];
}

export interface CsafDocument {
  document: {
    category: string;
    title?: string;
    aggregate_severity?: { text?: string };
    notes?: CsafNote[];
    references?: Array<{ category?: string; url?: string }>;
    tracking: {
      id: string;
      status?: string;
      initial_release_date?: string;
      current_release_date?: string;
    };
  };
  product_tree?: { branches?: CsafBranch[]; relationships?: CsafRelationship[] };
  vulnerabilities?: CsafVulnerability[];
}

/** The product status lists LayerLens reads, in CSAF's names. */
export const PRODUCT_STATUS_LISTS = ['fixed', 'known_affected', 'known_not_affected', 'under_investigation'] as const;
export type ProductStatusList = (typeof PRODUCT_STATUS_LISTS)[number];

/**
 * Checks the fields every parser relies on and returns the document typed.
 * Throws INVALID_FEED naming the member and the field.
 */
export function asCsafDocument(value: unknown, member: string): CsafDocument {
  if (!isJsonObject(value)) throw invalidFeed(member, undefined, 'not a JSON object; expected a CSAF 2.0 document');

  const document = value.document;
  if (!isJsonObject(document)) throw invalidFeed(member, 'document', 'missing; expected a CSAF 2.0 document');
  if (typeof document.category !== 'string') throw invalidFeed(member, 'document.category', 'missing or not a string');

  const tracking = document.tracking;
  if (!isJsonObject(tracking) || typeof tracking.id !== 'string' || tracking.id === '') {
    throw invalidFeed(member, 'document.tracking.id', 'missing or not a string');
  }

  const tree = value.product_tree;
  if (tree !== undefined && !isJsonObject(tree)) throw invalidFeed(member, 'product_tree', 'not an object');
  if (isJsonObject(tree)) {
    if (tree.branches !== undefined && !Array.isArray(tree.branches)) throw invalidFeed(member, 'product_tree.branches', 'not an array');
    if (tree.relationships !== undefined && !Array.isArray(tree.relationships)) throw invalidFeed(member, 'product_tree.relationships', 'not an array');
    (tree.relationships ?? []).forEach((relationship: unknown, i: number) => checkRelationship(relationship, `product_tree.relationships[${i}]`, member));
  }

  const vulnerabilities = value.vulnerabilities;
  if (vulnerabilities !== undefined && !Array.isArray(vulnerabilities)) throw invalidFeed(member, 'vulnerabilities', 'not an array');
  (vulnerabilities ?? []).forEach((vulnerability: unknown, i: number) => checkVulnerability(vulnerability, `vulnerabilities[${i}]`, member));

  return value as unknown as CsafDocument;
}

function checkVulnerability(value: unknown, where: string, member: string): void {
  if (!isJsonObject(value)) throw invalidFeed(member, where, 'not an object');

  const status = value.product_status;
  if (status !== undefined && !isJsonObject(status)) throw invalidFeed(member, `${where}.product_status`, 'not an object');
  for (const list of PRODUCT_STATUS_LISTS) {
    const ids = isJsonObject(status) ? status[list] : undefined;
    if (ids !== undefined && !isStringArray(ids)) {
      throw invalidFeed(member, `${where}.product_status.${list}`, 'not an array of product ids');
    }
  }

  for (const field of ['remediations', 'scores', 'threats', 'notes']) {
    if (value[field] !== undefined && !Array.isArray(value[field])) throw invalidFeed(member, `${where}.${field}`, 'not an array');
  }

  // The product id lists that records are looked up by.
  for (const [field, ids] of [['remediations', 'product_ids'], ['threats', 'product_ids'], ['scores', 'products']] as const) {
    ((value[field] ?? []) as unknown[]).forEach((entry, i) => {
      const list = isJsonObject(entry) ? entry[ids] : undefined;
      if (!isJsonObject(entry) || (list !== undefined && !isStringArray(list))) {
        throw invalidFeed(member, `${where}.${field}[${i}].${ids}`, 'not an array of product ids');
      }
    });
  }
}

function checkRelationship(value: unknown, where: string, member: string): void {
  const name = isJsonObject(value) ? value.full_product_name : undefined;
  const valid =
    isJsonObject(value) &&
    typeof value.product_reference === 'string' &&
    typeof value.relates_to_product_reference === 'string' &&
    isJsonObject(name) &&
    typeof name.product_id === 'string';
  if (!valid) throw invalidFeed(member, where, 'expected product_reference, relates_to_product_reference and full_product_name.product_id');
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Product stream and component that a product id resolves to, with a module in between when there is one. */
export interface ResolvedProduct {
  stream: CsafProduct;
  component: CsafProduct;
  /** The product reference of a module component between stream and package, in nested relationships. */
  moduleReference?: string;
}

/** Product and relationship lookups over one document's product tree. */
export class ProductTree {
  private readonly products = new Map<string, CsafProduct>();
  private readonly relationships = new Map<string, CsafRelationship>();

  constructor(document: CsafDocument) {
    this.collect(document.product_tree?.branches ?? []);
    for (const relationship of document.product_tree?.relationships ?? []) {
      if (relationship.category !== 'default_component_of') continue;
      this.relationships.set(relationship.full_product_name.product_id, relationship);
    }
  }

  /**
   * Resolves a combined product id to its stream and component. A
   * relationship may point at another relationship's product id on either
   * side (a package inside a module inside a stream): the first leaf is the
   * component, the last is the stream, and a leaf between them is the
   * module. Undefined when the id has no relationship or names no known product.
   */
  resolve(productId: string): ResolvedProduct | undefined {
    const leaves: string[] = [];
    if (!this.collectLeaves(productId, leaves, 0) || leaves.length < 2) return undefined;

    const component = this.product(leaves[0]);
    const stream = this.products.get(leaves[leaves.length - 1]);
    if (stream === undefined) return undefined;

    return { stream, component, moduleReference: leaves.length > 2 ? leaves[leaves.length - 2] : undefined };
  }

  /** Looks up a product by id. A reference with no product entry (older documents) is its own product, named by its id. */
  private product(id: string): CsafProduct {
    return this.products.get(id) ?? { product_id: id, name: id };
  }

  /** Appends the leaf ids under a relationship, left side first; false for an id without one or a cycle. */
  private collectLeaves(id: string, leaves: string[], depth: number): boolean {
    const relationship = this.relationships.get(id);
    if (relationship === undefined) return false;
    // Red Hat nests at most a module between a package and a stream; a deeper chain is a loop in the data.
    if (depth > 4) return false;

    for (const side of [relationship.product_reference, relationship.relates_to_product_reference]) {
      if (this.relationships.has(side)) {
        if (!this.collectLeaves(side, leaves, depth + 1)) return false;
      } else {
        leaves.push(side);
      }
    }
    return true;
  }

  private collect(branches: CsafBranch[]): void {
    for (const branch of branches) {
      if (branch.product?.product_id) this.products.set(branch.product.product_id, branch.product);
      if (branch.branches) this.collect(branch.branches);
    }
  }
}

/** Maps each product id named in a list of entries (remediations, threats, scores) to the entries that name it. */
export function indexByProduct<T>(entries: T[] | undefined, productIds: (entry: T) => string[] | undefined): Map<string, T[]> {
  const index = new Map<string, T[]>();
  for (const entry of entries ?? []) {
    for (const id of productIds(entry) ?? []) {
      const own = index.get(id);
      if (own) own.push(entry);
      else index.set(id, [entry]);
    }
  }
  return index;
}

/** Returns the document's canonical URL (the `self` reference that points at a JSON file), if any. */
export function selfUrl(document: CsafDocument): string | undefined {
  const self = (document.document.references ?? []).filter((reference) => reference.category === 'self' && reference.url);
  return (self.find((reference) => reference.url?.endsWith('.json')) ?? self[0])?.url;
}

/** Red Hat's impact words with the first letter upper-cased: older documents write them in lower case. */
export function impactWord(text: string | undefined): string | undefined {
  const word = text?.trim();
  if (!word) return undefined;
  return word[0].toUpperCase() + word.slice(1).toLowerCase();
}

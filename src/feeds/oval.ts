// OVAL 5 definitions documents (SUSE, Oracle, Photon), read as a stream.
// The schema puts `definitions` before the `tests`, `objects` and `states`
// they refer to, so the document is read twice: the first pass keeps the
// tests, objects and states as small maps, the second yields one resolved
// definition at a time. Only one definition is in memory at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { FeedInput } from './types.js';
import { decompressByMagic, xmlItems, type XmlHandler, type XmlSink, type XmlTag } from './xml-stream.js';

/** A state's entity: the value and the OVAL operation (`less than`, `pattern match`, `equals`). */
export interface OvalEntity {
  value: string;
  operation: string;
}

/** One test with its object and state resolved: an rpminfo_test names a package and, through its state, a version bound. */
export interface OvalTest {
  id: string;
  /** Local element name: `rpminfo_test`, `textfilecontent54_test`, ... */
  kind: string;
  /** How many matching items must satisfy the state: `at least one`, `all`, `none satisfy`, ... */
  check: string;
  /** The object's package name (rpminfo_object `name`); absent for other objects. */
  objectName?: string;
  evr?: OvalEntity;
  version?: OvalEntity;
  arch?: OvalEntity;
  signatureKeyId?: string;
  /** True when the test names a state: a test without one only checks that the package is installed. */
  hasState: boolean;
}

export interface OvalCriterion {
  type: 'criterion';
  comment: string;
  negate: boolean;
  /** The referenced test, or undefined when the document does not define it. */
  test?: OvalTest;
}

export interface OvalCriteria {
  type: 'criteria';
  operator: 'AND' | 'OR' | 'ONE' | 'XOR';
  negate: boolean;
  children: Array<OvalCriteria | OvalCriterion>;
}

export interface OvalReference {
  source: string;
  refId: string;
  refUrl: string;
}

/** A `cve` element of the advisory: the id and the vendor's attributes (`impact`, `cvss3`, `href`, ...). */
export interface OvalCve {
  id: string;
  attributes: Record<string, string>;
}

export interface OvalDefinition {
  id: string;
  class: string;
  title: string;
  description: string;
  /** `affected/platform` entries: `Photon 3`, `Oracle Linux 7`, `SUSE Linux Enterprise Server 15 SP1`. */
  platforms: string[];
  references: OvalReference[];
  severity?: string;
  issued?: string;
  updated?: string;
  cves: OvalCve[];
  affectedCpes: string[];
  criteria?: OvalCriteria;
}

interface RawTest {
  kind: string;
  check: string;
  objectRef?: string;
  stateRefs: string[];
}

interface RawState {
  evr?: OvalEntity;
  version?: OvalEntity;
  arch?: OvalEntity;
  signatureKeyId?: string;
}

/** The tests, objects and states of one document, by id. */
interface OvalTables {
  tests: Map<string, RawTest>;
  objectNames: Map<string, string>;
  states: Map<string, RawState>;
}

/**
 * Yields the definitions of an OVAL document with every criterion's test
 * resolved. The input may be plain, gzip or bzip2. A member that can be
 * opened only once (a tar member) is copied to a temporary file first.
 */
export async function* readOvalDefinitions(input: FeedInput): AsyncIterable<OvalDefinition> {
  const source = await reopenable(input);
  try {
    const tables = await readTables(decompressByMagic(source.open(), input.name), input.name);
    yield* xmlItems<OvalDefinition>(decompressByMagic(source.open(), input.name), input.name, (sink) => definitionsHandler(sink, tables));
  } finally {
    await source.cleanup();
  }
}

interface Reopenable {
  open(): Readable;
  cleanup(): Promise<void>;
}

async function reopenable(input: FeedInput): Promise<Reopenable> {
  const first = input.open();
  let second: Readable | undefined;
  try {
    second = input.open();
  } catch {
    second = undefined;
  }

  if (second !== undefined) {
    const streams = [first, second];
    return {
      open: () => streams.shift() ?? input.open(),
      cleanup: async () => streams.forEach((stream) => stream.destroy()),
    };
  }

  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'layerlens-oval-'));
  const file = path.join(dir, 'member');
  await pipeline(first, fs.createWriteStream(file));
  return {
    open: () => fs.createReadStream(file),
    cleanup: () => fs.promises.rm(dir, { recursive: true, force: true }),
  };
}

/** First pass: the tests, objects and states, skipping the definitions. */
async function readTables(stream: Readable, member: string): Promise<OvalTables> {
  const tables: OvalTables = { tests: new Map(), objectNames: new Map(), states: new Map() };
  for await (const _ of xmlItems<never>(stream, member, (sink) => tablesHandler(sink, tables))) {
    // The handler fills the tables and emits nothing.
  }
  return tables;
}

function tablesHandler(sink: XmlSink<never>, tables: OvalTables): XmlHandler {
  const stack: string[] = [];
  let section = '';
  let test: (RawTest & { id: string }) | undefined;
  let objectId: string | undefined;
  let stateId: string | undefined;
  let state: RawState = {};
  let entity: { name: string; operation: string } | undefined;
  let text = '';

  return {
    open(tag: XmlTag) {
      if (stack.length === 0 && tag.name !== 'oval_definitions') sink.fail(`the root element is <${tag.name}>; expected an OVAL <oval_definitions> document`);
      stack.push(tag.name);
      if (stack.length === 2) section = tag.name;
      if (stack.length === 3) {
        const id = tag.attributes.id ?? '';
        if (section === 'tests') test = { id: own(id), kind: intern(tag.name), check: intern(tag.attributes.check ?? 'all'), stateRefs: [] };
        if (section === 'objects') objectId = own(id);
        if (section === 'states') {
          stateId = own(id);
          state = {};
        }
      }
      if (stack.length === 4 && section !== 'definitions') {
        if (test && tag.name === 'object' && tag.attributes.object_ref) test.objectRef = own(tag.attributes.object_ref);
        if (test && tag.name === 'state' && tag.attributes.state_ref) test.stateRefs.push(own(tag.attributes.state_ref));
        entity = { name: tag.name, operation: tag.attributes.operation ?? 'equals' };
        text = '';
      }
    },
    text(value: string) {
      if (entity) text += value;
    },
    close(name: string) {
      if (stack.length === 4 && entity) {
        if (objectId !== undefined && name === 'name') tables.objectNames.set(objectId, own(text.trim()));
        if (stateId !== undefined) addStateEntity(state, name, { value: own(text.trim()), operation: intern(entity.operation) });
        entity = undefined;
      }
      if (stack.length === 3) {
        if (test) tables.tests.set(test.id, test);
        if (stateId !== undefined) tables.states.set(stateId, state);
        test = undefined;
        objectId = undefined;
        stateId = undefined;
      }
      stack.pop();
    },
  };
}

/**
 * Returns a copy of a string that does not share memory with the parser's
 * input chunk. saxes returns slices of each chunk, and V8 keeps a whole
 * chunk alive for as long as any slice of it is kept in the tables.
 */
function own(value: string): string {
  return (' ' + value).slice(1);
}

const interned = new Map<string, string>();

/** Returns one shared copy of a word that repeats in every test or state (element names, `check`, `operation`). */
function intern(value: string): string {
  let shared = interned.get(value);
  if (shared === undefined) {
    shared = own(value);
    if (interned.size < 1000) interned.set(shared, shared);
  }
  return shared;
}

function addStateEntity(state: RawState, name: string, entity: OvalEntity): void {
  if (name === 'evr') state.evr = entity;
  else if (name === 'version') state.version = entity;
  else if (name === 'arch') state.arch = entity;
  else if (name === 'signature_keyid') state.signatureKeyId = entity.value;
}

/** Elements of a definition's metadata whose text is kept. */
const TEXT_ELEMENTS = new Set(['title', 'description', 'platform', 'severity', 'cve', 'cpe']);

/** Builds the second-pass handler, which reads one definition at a time and stops at the end of the definitions section. */
function definitionsHandler(sink: XmlSink<OvalDefinition>, tables: OvalTables): XmlHandler {
  const stack: string[] = [];
  let definition: OvalDefinition | undefined;
  let criteriaStack: OvalCriteria[] = [];
  let text: string | undefined;
  let cveAttributes: Record<string, string> = {};

  return {
    open(tag: XmlTag) {
      stack.push(tag.name);
      const { name, attributes } = tag;

      if (name === 'definition' && stack[stack.length - 2] === 'definitions') {
        definition = emptyDefinition(attributes);
        criteriaStack = [];
        return;
      }
      if (!definition) return;

      if (TEXT_ELEMENTS.has(name)) text = '';
      if (name === 'cve') cveAttributes = attributes;
      if (name === 'reference') definition.references.push({ source: attributes.source ?? '', refId: attributes.ref_id ?? '', refUrl: attributes.ref_url ?? '' });
      if (name === 'issued' && attributes.date) definition.issued = attributes.date;
      if (name === 'updated' && attributes.date) definition.updated = attributes.date;

      if (name === 'criteria') {
        const criteria: OvalCriteria = { type: 'criteria', operator: criteriaOperator(attributes.operator), negate: attributes.negate === 'true', children: [] };
        const parent = criteriaStack[criteriaStack.length - 1];
        if (parent) parent.children.push(criteria);
        else definition.criteria = criteria;
        criteriaStack.push(criteria);
      }
      if (name === 'criterion') {
        const parent = criteriaStack[criteriaStack.length - 1];
        if (!parent) sink.fail(`<criterion> outside <criteria> in definition ${definition.id}`);
        parent.children.push({ type: 'criterion', comment: attributes.comment ?? '', negate: attributes.negate === 'true', test: resolveTest(tables, attributes.test_ref ?? '') });
      }
    },
    text(value: string) {
      if (text !== undefined) text += value;
    },
    close(name: string) {
      stack.pop();
      if (name === 'definitions') return sink.stop();
      if (!definition) return;

      if (text !== undefined && TEXT_ELEMENTS.has(name)) {
        keepText(definition, name, text.trim(), cveAttributes);
        text = undefined;
      }
      if (name === 'criteria') criteriaStack.pop();
      if (name === 'definition' && stack[stack.length - 1] === 'definitions') {
        if (definition.id === '') sink.fail('a <definition> has no id');
        sink.emit(definition);
        definition = undefined;
      }
    },
  };
}

function emptyDefinition(attributes: Record<string, string>): OvalDefinition {
  return {
    id: attributes.id ?? '',
    class: attributes.class ?? '',
    title: '',
    description: '',
    platforms: [],
    references: [],
    cves: [],
    affectedCpes: [],
  };
}

function keepText(definition: OvalDefinition, name: string, value: string, cveAttributes: Record<string, string>): void {
  switch (name) {
    case 'title':
      definition.title = value;
      break;
    case 'description':
      definition.description = value;
      break;
    case 'platform':
      definition.platforms.push(value);
      break;
    case 'severity':
      definition.severity = value;
      break;
    case 'cve':
      definition.cves.push({ id: value, attributes: cveAttributes });
      break;
    case 'cpe':
      definition.affectedCpes.push(value);
      break;
  }
}

function criteriaOperator(value: string | undefined): OvalCriteria['operator'] {
  const operator = (value ?? 'AND').toUpperCase();
  return operator === 'OR' || operator === 'ONE' || operator === 'XOR' ? operator : 'AND';
}

function resolveTest(tables: OvalTables, id: string): OvalTest | undefined {
  const raw = tables.tests.get(id);
  if (!raw) return undefined;

  const test: OvalTest = { id, kind: raw.kind, check: raw.check, hasState: raw.stateRefs.length > 0 };
  if (raw.objectRef !== undefined) {
    const name = tables.objectNames.get(raw.objectRef);
    if (name !== undefined) test.objectName = name;
  }
  for (const stateRef of raw.stateRefs) Object.assign(test, tables.states.get(stateRef) ?? {});
  return test;
}

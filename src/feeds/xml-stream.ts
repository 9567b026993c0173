// Streaming XML for feed parsers (OVAL, Amazon updateinfo): saxes reads a
// stream chunk by chunk and a handler turns its events into items, so a
// document is never held whole in memory.
import { PassThrough, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { SaxesParser } from 'saxes';
import unbzip2 from 'unbzip2-stream';
import { UserError } from '../errors.js';
import { invalidFeed } from './invalid-feed.js';

/** An element as handlers see it: the local name (namespace prefix removed) and the attributes by local name. */
export interface XmlTag {
  name: string;
  attributes: Record<string, string>;
}

/** Receives the parser's events; `emit` queues an item for the consumer, `stop` ends the read early. */
export interface XmlHandler {
  open(tag: XmlTag): void;
  text(text: string): void;
  close(name: string): void;
}

export interface XmlSink<T> {
  emit(item: T): void;
  /** Ends the read after the current chunk: the rest of the document is not needed. */
  stop(): void;
  /** Raises INVALID_FEED at the parser's current line. */
  fail(reason: string): never;
}

/**
 * Parses `stream` as XML and yields the items the handler emits, in document
 * order. Malformed XML, including a document that ends early, raises
 * INVALID_FEED naming `member` and the line.
 */
export async function* xmlItems<T>(stream: Readable, member: string, makeHandler: (sink: XmlSink<T>) => XmlHandler): AsyncIterable<T> {
  const parser = new SaxesParser({ position: true });
  const queue: T[] = [];
  let stopped = false;

  const fail = (reason: string): never => {
    throw invalidFeed(member, `line ${parser.line}`, reason);
  };
  const handler = makeHandler({ emit: (item) => queue.push(item), stop: () => (stopped = true), fail });

  parser.on('opentag', (node) => handler.open({ name: localName(node.name), attributes: localAttributes(node.attributes as Record<string, string>) }));
  parser.on('text', (text) => handler.text(text));
  parser.on('cdata', (text) => handler.text(text));
  parser.on('closetag', (node) => handler.close(localName(node.name)));

  const decoder = new StringDecoder('utf8');
  const write = (text: string): void => {
    try {
      parser.write(text);
    } catch (err) {
      if (err instanceof Error && !('code' in err)) fail(`invalid XML (${saxesReason(err.message)})`);
      throw err;
    }
  };

  try {
    for await (const chunk of stream) {
      write(decoder.write(chunk as Buffer));
      yield* queue.splice(0);
      if (stopped) return;
    }
    write(decoder.end());
    try {
      parser.close();
    } catch (err) {
      fail(`invalid XML (${saxesReason((err as Error).message)}); the document may be truncated`);
    }
    yield* queue.splice(0);
  } finally {
    stream.destroy();
  }
}

/** saxes starts its messages with `LINE:COLUMN: `; the line is already in the location. */
function saxesReason(message: string): string {
  return message.replace(/^(?:[^:\s]*:)?\d+:\d+: /, '');
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function localAttributes(attributes: Record<string, string>): Record<string, string> {
  const local: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    local[localName(name)] = value;
  }
  return local;
}

const BZIP2_MAGIC = Buffer.from('BZh');
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/**
 * Returns the stream's bytes, decompressed when they start with the bzip2
 * or gzip magic (Oracle publishes its OVAL as .xml.bz2, Amazon its
 * updateinfo as .xml.gz), and unchanged otherwise. Decompression errors
 * reach the consumer of the returned stream.
 */
export function decompressByMagic(stream: Readable, member: string): Readable {
  return Readable.from(decodedChunks(stream, member));
}

async function* decodedChunks(stream: Readable, member: string): AsyncIterable<Buffer> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;

  let head = Buffer.alloc(0);
  while (head.length < BZIP2_MAGIC.length) {
    const next = await iterator.next();
    if (next.done) break;
    head = Buffer.concat([head, Buffer.from(next.value)]);
  }

  const rest = Readable.from(
    (async function* (): AsyncIterable<Buffer> {
      if (head.length > 0) yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield Buffer.from(next.value);
    })(),
  );

  let decoded: Readable = rest;
  if (head.subarray(0, BZIP2_MAGIC.length).equals(BZIP2_MAGIC)) decoded = piped(rest, unbzip2() as unknown as NodeJS.ReadWriteStream, `${member}: invalid bzip2 data`);
  else if (head.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC)) decoded = piped(rest, zlib.createGunzip(), `${member}: invalid gzip data`);

  try {
    for await (const chunk of decoded) yield chunk as Buffer;
  } finally {
    // A consumer that stops early (the OVAL reader after the definitions) must still close the file.
    stream.destroy();
  }
}

/**
 * Pipes `source` through a decompressor into a Node stream. unbzip2-stream
 * is a `through` stream, which is not async-iterable, hence the PassThrough.
 */
function piped(source: Readable, transform: NodeJS.ReadWriteStream, what: string): Readable {
  const output = new PassThrough();
  source.on('error', (err: Error) => output.destroy(err));
  // unbzip2-stream reports a cut stream as a TypeError from its bit reader, so every decompressor error becomes INVALID_FEED.
  transform.on('error', (err: Error) => {
    output.destroy(new UserError('INVALID_FEED', `${what} (${err.message}); check that the download is complete and not corrupted`, { cause: err }));
  });
  source.pipe(transform as unknown as NodeJS.WritableStream);
  transform.pipe(output);
  return output;
}

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pipeline as pipelineCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import type { BackupStore } from './store.js';

/**
 * Writes text to a new file of the backup directory through an optional gzip
 * stage, honouring backpressure, and computes the sha256 of the bytes stored.
 * The file appears under its name only after finish(); abort() leaves nothing.
 */
export class FileWriter {
  #bytes = 0;
  readonly #hash = createHash('sha256');
  private constructor(
    private readonly input: Writable,
    private readonly done: Promise<void>,
    private readonly draft: Awaited<ReturnType<BackupStore['draft']>>,
  ) {
    done.catch(() => undefined); // observed in write()/finish()
  }

  static async open(store: BackupStore, name: string, compress: boolean): Promise<FileWriter> {
    const draft = await store.draft(name);
    const input: Transform = compress ? createGzip() : new PassThrough();
    const file = createWriteStream(draft.temp, { flags: 'wx' });
    let writer: FileWriter | undefined;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        writer?.count(chunk);
        callback(null, chunk);
      },
    });
    const done = pipeline(input, tap, file);
    writer = new FileWriter(input, done, draft);
    return writer;
  }

  private count(chunk: Buffer): void {
    this.#bytes += chunk.length;
    this.#hash.update(chunk);
  }

  async write(text: string): Promise<void> {
    if (!this.input.write(text)) {
      await Promise.race([once(this.input, 'drain'), this.done]);
    }
  }

  /** Ends the stream, waits until every byte is on disk and moves the file into place. */
  async finish(): Promise<{ bytes: number; sha256: string }> {
    this.input.end();
    await this.done;
    await this.draft.commit();
    return { bytes: this.#bytes, sha256: this.#hash.digest('hex') };
  }

  async abort(): Promise<void> {
    this.input.destroy();
    await this.done.catch(() => undefined);
    await this.draft.discard();
  }
}

/** The file's bytes as stored, gunzipped when `compressed`. */
function source(file: string, compressed: boolean) {
  const raw = createReadStream(file);
  return compressed ? pipelineCallback(raw, createGunzip(), () => undefined) : raw;
}

/** The non-empty lines of a (possibly gzipped) text file, read in chunks: the file never sits in memory whole. */
export async function* readLines(file: string, compressed: boolean): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of source(file, compressed)) {
    rest += decoder.write(chunk as Buffer);
    let newline = rest.indexOf('\n');
    while (newline !== -1) {
      const line = rest.slice(0, newline).replace(/\r$/, '');
      rest = rest.slice(newline + 1);
      if (line.length > 0) yield line;
      newline = rest.indexOf('\n');
    }
  }
  rest += decoder.end();
  if (rest.replace(/\r$/, '').length > 0) yield rest.replace(/\r$/, '');
}

/** The whole text of a (possibly gzipped) file, refusing files whose text exceeds `maxChars`. */
export async function readText(file: string, compressed: boolean, maxChars: number): Promise<string> {
  const decoder = new StringDecoder('utf8');
  let text = '';
  for await (const chunk of source(file, compressed)) {
    text += decoder.write(chunk as Buffer);
    if (text.length > maxChars) throw new RangeError('file too large');
  }
  return text + decoder.end();
}

/** sha256 and size of a file's stored bytes, streamed. */
export async function digestFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Whether the file starts with the gzip magic bytes. */
export async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

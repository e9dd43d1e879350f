import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AuditHashKey } from '../domain/audit-event.js';
import type { CheckedAuditRecord, LinkedAuditEvent } from '../domain/verify-audit-chain.js';
import { type AuditLineBatch, checkAuditLineBatch, readAuditLineBatch } from './audit-line-batch.js';
import type { CheckAuditLinesRequest, CheckAuditLinesWorkerData } from './check-audit-lines-worker.js';

export type CheckAuditFileOptions = {
  hashKey: AuditHashKey;
  /**
   * Worker threads to check lines in: default one per core (os.availableParallelism()), at least 1, and
   * none (this thread) for a file under `inThreadBelowBytes`; 0 always checks in this thread.
   */
  threads?: number;
  /** Below this size a file is checked in this thread, where no worker has to start (default 4 MB). */
  inThreadBelowBytes?: number;
  /** Bytes read at a time, which bounds a run of lines (default 2 MB; tests make runs split often). */
  runBytes?: number;
  /** Told after each run of lines is checked: the bytes checked so far of the file's size (a progress line). */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
};

/** Bytes read per run of lines sent to a worker (a run ends at the last line break read). */
const READ_BYTES = 2 * 1024 * 1024;
const IN_THREAD_BELOW_BYTES = 4 * 1024 * 1024;
/** Runs of lines queued per worker: enough to keep each busy, few enough to bound memory. */
const IN_FLIGHT_PER_WORKER = 3;
const LF = 0x0a;

/**
 * Every line of an audit JSONL file checked on its own (JSON, event shape, key id, keyed hash), numbered as
 * readAuditFile numbers them, for linkAuditChains to judge the chains. The file is streamed: runs of whole
 * lines go to a pool of worker threads, which answer in columns; a small file is checked in this thread
 * with the same code. Rejects when the file cannot be read.
 */
export async function checkAuditFile(
  path: string,
  options: CheckAuditFileOptions,
): Promise<CheckedAuditRecord<LinkedAuditEvent>[]> {
  const { size } = await stat(path);
  const threads =
    options.threads ??
    (size < (options.inThreadBelowBytes ?? IN_THREAD_BELOW_BYTES) ? 0 : Math.max(1, availableParallelism()));
  const runBytes = options.runBytes ?? READ_BYTES;
  // Each run's records are made as soon as it is checked (while workers check the next ones), numbered
  // once all are in.
  const runs: Array<{ lines: number; records: CheckedAuditRecord<LinkedAuditEvent>[] }> = [];
  let doneBytes = 0;
  const keep = (batch: AuditLineBatch, index: number, bytes: number) => {
    const records: CheckedAuditRecord<LinkedAuditEvent>[] = [];
    readAuditLineBatch(batch, 0, records);
    runs[index] = { lines: batch.lines, records };
    doneBytes += bytes;
    options.onProgress?.(doneBytes, size);
  };
  if (threads === 0) {
    await readRuns(path, runBytes, async (bytes, index) => {
      keep(checkAuditLineBatch(Buffer.from(bytes).toString('utf8'), options.hashKey), index, bytes.length);
    });
  } else {
    const pool = startPool(threads, options.hashKey);
    try {
      await readRuns(
        path,
        runBytes,
        async (bytes, index) => {
          const length = bytes.length; // the bytes are moved to the worker, which leaves this view empty
          keep(await pool.check(bytes, index), index, length);
        },
        threads * IN_FLIGHT_PER_WORKER,
      );
    } finally {
      await pool.stop();
    }
  }
  const records: CheckedAuditRecord<LinkedAuditEvent>[] = [];
  let first = 1;
  for (const run of runs) {
    for (const record of run.records) {
      record.line = (record.line as number) + first;
      if (record.error) record.error.line = record.line;
      records.push(record);
    }
    first += run.lines;
  }
  return records;
}

/**
 * Streams the file as runs of whole lines (each ends after a line feed, the last at the end of the file)
 * and hands each to `take` with its index; at most `inFlight` runs are being taken at once.
 */
async function readRuns(
  path: string,
  readBytes: number,
  take: (bytes: Uint8Array, index: number) => Promise<void>,
  inFlight = 1,
): Promise<void> {
  const stream = createReadStream(path, { highWaterMark: readBytes });
  const taking = new Set<Promise<void>>();
  let failure: unknown;
  let index = 0;
  let carry: Buffer = Buffer.alloc(0);
  const send = async (bytes: Uint8Array) => {
    const taken = take(bytes, index++).catch((error: unknown) => {
      failure ??= error;
    });
    taking.add(taken);
    void taken.finally(() => taking.delete(taken));
    while (taking.size >= inFlight) await Promise.race(taking);
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (failure !== undefined) break;
    const end = chunk.lastIndexOf(LF);
    if (end < 0) {
      carry = Buffer.concat([carry, chunk]);
      continue;
    }
    const run = Buffer.concat([carry, chunk.subarray(0, end + 1)]);
    carry = Buffer.from(chunk.subarray(end + 1));
    await send(run);
  }
  if (failure === undefined && carry.length > 0) await send(carry);
  stream.destroy();
  await Promise.all(taking);
  if (failure !== undefined) throw failure;
}

type Pool = {
  check(bytes: Uint8Array, id: number): Promise<AuditLineBatch>;
  stop(): Promise<void>;
};

function startPool(size: number, key: AuditHashKey): Pool {
  const data: CheckAuditLinesWorkerData = { keyId: key.id, secret: new Uint8Array(key.secret) };
  const pending = new Map<number, { resolve(batch: AuditLineBatch): void; reject(error: unknown): void }>();
  const load: number[] = [];
  const workers = Array.from({ length: size }, (_, at) => {
    const worker = startWorker(data);
    load[at] = 0;
    worker.on('message', ({ id, batch }: { id: number; batch: AuditLineBatch }) => {
      load[at] = (load[at] as number) - 1;
      pending.get(id)?.resolve(batch);
      pending.delete(id);
    });
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => {
      if (pending.size > 0) failAll(new Error(`an audit verify worker stopped (exit ${code})`));
    });
    return worker;
  });
  function failAll(error: unknown) {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  }
  return {
    check(bytes, id) {
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // The least busy worker; the bytes move to it (a copy first when they share a pooled buffer).
        let at = 0;
        for (let next = 1; next < size; next++) if ((load[next] as number) < (load[at] as number)) at = next;
        load[at] = (load[at] as number) + 1;
        const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
        const moved = own ? bytes : new Uint8Array(bytes);
        const request: CheckAuditLinesRequest = { id, bytes: moved };
        (workers[at] as Worker).postMessage(request, [moved.buffer as ArrayBuffer]);
      });
    },
    async stop() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/**
 * The compiled worker (dist/) starts as it is; from the TypeScript sources (tsx, vitest) the worker first
 * registers tsx, which a worker thread does not inherit from an API registration in the main thread.
 */
function startWorker(data: CheckAuditLinesWorkerData): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./check-audit-lines-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(entry, { workerData: data });
  const tsx = pathToFileURL(tsxEsmApi()).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { (api.register ?? api.default.register)(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: data });
}

/** tsx's ESM API (`tsx/esm/api`'s import condition), found through require's resolution of its CommonJS twin. */
function tsxEsmApi(): string {
  return createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
}

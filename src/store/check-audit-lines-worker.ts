// A worker thread of checkAuditFile: checks the runs of lines it is sent and answers each with its columns.
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditHashKey } from '../domain/audit-event.js';
import { checkAuditLineBatch } from './audit-line-batch.js';

export type CheckAuditLinesRequest = { id: number; bytes: Uint8Array };
export type CheckAuditLinesWorkerData = { keyId: string; secret: Uint8Array };

const port = parentPort;
if (port) {
  const data = workerData as CheckAuditLinesWorkerData;
  const key: AuditHashKey = { id: data.keyId, secret: Buffer.from(data.secret) };
  port.on('message', ({ id, bytes }: CheckAuditLinesRequest) => {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    const batch = checkAuditLineBatch(text, key);
    const moved = [batch.chainOf, batch.seqs, batch.typeOf].map((column) => column.buffer as ArrayBuffer);
    port.postMessage({ id, batch }, moved);
  });
}

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AuditRecord } from '../domain/verify-audit-chain.js';

/**
 * Every line of an audit JSONL file with its 1-based line number, streamed so large files stay within
 * memory limits for strings. A final line without a newline (a write cut short) is kept, for the verifier
 * to judge. Rejects when the file cannot be read.
 */
export async function readAuditFile(path: string): Promise<AuditRecord[]> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  await opened;
  const records: AuditRecord[] = [];
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line++;
    records.push({ text, line });
  }
  return records;
}

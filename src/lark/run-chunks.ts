import { EgressDeniedError } from './egress-denied-error.js';
import { LarkApiError } from './lark-api-error.js';
import { type BatchOperation, LarkBatchError } from './lark-batch-error.js';

/**
 * Sends the chunks one after another (one write at a time per Base, lark-api.md §2.4). On a failure,
 * reports the chunks that completed.
 */
export async function runChunks<T>(
  operation: BatchOperation,
  chunks: T[][],
  send: (part: T[], index: number) => Promise<string[]>,
): Promise<{ recordIds: string[] }> {
  const recordIds: string[] = [];
  for (const [index, part] of chunks.entries()) {
    let written: string[];
    try {
      written = await send(part, index);
    } catch (error) {
      if (error instanceof LarkApiError || error instanceof EgressDeniedError) {
        const sent = part.map((item) =>
          typeof item === 'string' ? item : ((item as { record_id?: string }).record_id ?? ''),
        );
        throw new LarkBatchError(operation, chunks.length, index, recordIds, sent.filter(Boolean), error);
      }
      throw error;
    }
    recordIds.push(...written);
  }
  return { recordIds };
}

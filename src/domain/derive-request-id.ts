import { createHash } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * `req_` + 12 base-32 characters derived from the chat message that asked. The same message (a duplicate
 * push, a retried job) always gives the same request id, so it can never create two requests.
 */
export function deriveRequestId(sourceMessageId: string): string {
  const digest = createHash('sha256').update(`larkgate-request:${sourceMessageId}`).digest();
  let out = '';
  for (let i = 0; i < 12; i++) out += BASE32[(digest[i] as number) % 32];
  return `req_${out}`;
}

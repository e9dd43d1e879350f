import { createHash } from 'node:crypto';

/**
 * A uuidv4-shaped idempotency key for Lark's `client_token`, derived from the request id, so a retried
 * create carries the same token (docs/reference/lark-api.md §2.1 "Write params").
 */
export function deriveClientToken(requestId: string, index = 0): string {
  const bytes = createHash('sha256')
    .update(`larkgate-client-token:${requestId}:${index}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

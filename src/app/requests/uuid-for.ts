/** Lark de-duplicates sends by uuid (≤ 50 chars) for an hour. */
export function uuidFor(messageId: string, purpose: string): string {
  return `${purpose}-${messageId}`.slice(0, 50);
}

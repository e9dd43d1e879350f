/**
 * The audit stream read forward (src/store/create-audit-stream-feed.ts): each call gives the events, as the
 * JSON text the audit log wrote, added since the previous call (the first call: from the start).
 */
export type AuditStreamFeed = { readNew(): Promise<string[]> };

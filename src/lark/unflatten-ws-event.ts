/** A push as Larkgate reads it, whichever way it came: `event` is the envelope's `event` object. */
export type WsPush = { eventId: string; eventType: string; event: Record<string, unknown> };

/** The envelope's `header` keys (docs/reference/lark-api.md §4); everything else the SDK hands over came from `event`. */
const HEADER_KEYS = new Set([
  'schema',
  'event_id',
  'event_type',
  'create_time',
  'token',
  'app_id',
  'tenant_key',
]);

/**
 * The SDK's `EventDispatcher` hands a handler the schema 2.0 envelope flattened: `{schema, ...header,
 * ...event}`, so the event's own keys win. This splits it back into the push Larkgate's webhook path reads.
 * `token` is ambiguous: a card callback's `event.token` (the `c-…` delayed-update token) overwrote the header's
 * verification token, so it stays in the event for `card.action.trigger`; for other events it is the header's.
 * Null when the event id or type is missing.
 */
export function unflattenWsEvent(data: unknown): WsPush | null {
  if (typeof data !== 'object' || data === null) return null;
  const flat = data as Record<string, unknown>;
  const { event_id: eventId, event_type: eventType } = flat;
  if (typeof eventId !== 'string' || eventId === '' || typeof eventType !== 'string' || eventType === '') {
    return null;
  }
  const keepToken = eventType === 'card.action.trigger';
  const event: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    if (HEADER_KEYS.has(key) && !(keepToken && key === 'token')) continue;
    event[key] = value;
  }
  return { eventId, eventType, event };
}

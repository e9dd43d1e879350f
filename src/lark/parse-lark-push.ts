import { z } from 'zod';

/** What arrives at the events or card URL, after signature check and decryption. */
export type LarkPush =
  | { kind: 'url_verification'; challenge: string; token: string }
  | {
      kind: 'event';
      eventId: string;
      eventType: string;
      /** `header.token`: the verification token, to compare with verifyVerificationToken. */
      token: string;
      /** As Lark sends it: ms for im.message.receive_v1, µs for card.action.trigger (docs/reference/lark-api.md §4). */
      createTime: string;
      event: Record<string, unknown>;
    }
  | { kind: 'invalid'; reason: 'not_an_object' | 'still_encrypted' | 'unsupported_schema' | 'bad_envelope' };

// Permissive: only the fields we read (house style); unknown keys are ignored.
const UrlVerification = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().min(1),
  token: z.string(),
});

const EventEnvelope = z.object({
  schema: z.literal('2.0'),
  header: z.object({
    event_id: z.string().min(1),
    event_type: z.string().min(1),
    token: z.string(),
    create_time: z.string(),
  }),
  event: z.record(z.string(), z.unknown()),
});

/**
 * Reads a decrypted push: the url_verification handshake or a schema 2.0 event envelope
 * (https://open.feishu.cn/document/server-docs/event-subscription-guide/event-subscription-configure-/request-url-configuration-case).
 * Anything else is an `invalid` value with a reason, never an exception.
 */
export function parseLarkPush(json: unknown): LarkPush {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { kind: 'invalid', reason: 'not_an_object' };
  }
  if ('encrypt' in json) return { kind: 'invalid', reason: 'still_encrypted' };
  if ((json as { type?: unknown }).type === 'url_verification') {
    const parsed = UrlVerification.safeParse(json);
    if (!parsed.success) return { kind: 'invalid', reason: 'bad_envelope' };
    return { kind: 'url_verification', challenge: parsed.data.challenge, token: parsed.data.token };
  }
  if ((json as { schema?: unknown }).schema !== '2.0')
    return { kind: 'invalid', reason: 'unsupported_schema' };
  const parsed = EventEnvelope.safeParse(json);
  if (!parsed.success) return { kind: 'invalid', reason: 'bad_envelope' };
  const { header, event } = parsed.data;
  return {
    kind: 'event',
    eventId: header.event_id,
    eventType: header.event_type,
    token: header.token,
    createTime: header.create_time,
    event,
  };
}

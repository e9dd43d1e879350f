import { describe, expect, it } from 'vitest';
import type { AuditInput } from '../src/ports/audit.js';
import type { Admission } from '../src/ports/requester-gate.js';
import { type AdmitDeps, admitChatMessage } from './admit-chat-message.js';
import type { IncomingMessage, LimitNotice } from './queue-names.js';

const LIMITS = { burst: 20, perMinute: 10, noticeEveryMs: 300_000 };

function message(overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    eventId: 'ev_1',
    messageId: 'om_1',
    chatId: 'oc_requests',
    chatType: 'group',
    senderOpenId: 'ou_alice',
    text: '@Larkgate get crm/Tasks recTask0001',
    mentionedBot: true,
    createTimeMs: 0,
    ...overrides,
  };
}

/** Fake deps: the gate answers `admission`; queueing and audit are recorded (queueing fails when `down`). */
function world(admission: Admission, down = false) {
  const queued: Array<[string, number]> = [];
  const notices: LimitNotice[] = [];
  const audited: AuditInput[] = [];
  const released: string[] = [];
  const deps: AdmitDeps = {
    gate: {
      admit: async () => admission,
      release: async (openId) => {
        released.push(openId);
      },
    },
    limits: () => LIMITS,
    enqueueMessage: async (m, priority) => {
      if (down) throw new Error('redis down');
      queued.push([m.messageId, priority]);
    },
    enqueueNotice: async (notice) => {
      notices.push(notice);
    },
    audit: async (input) => {
      audited.push(input);
    },
  };
  return { deps, queued, notices, audited, released };
}

describe('admitChatMessage', () => {
  it('queues an admitted message at the priority the gate gave, auditing nothing', async () => {
    const w = world({ admitted: true, priority: 7 });

    await admitChatMessage(message(), w.deps);

    expect(w.queued).toEqual([['om_1', 7]]);
    expect(w.audited).toEqual([]);
  });

  it('over the limit: skips the message, audits tool.denied requester_rate_limited, and queues the one notice', async () => {
    const w = world({ admitted: false, notify: true, retryAfterMs: 6_000 });

    await admitChatMessage(message(), w.deps);

    expect(w.queued).toEqual([]);
    expect(w.audited).toEqual([
      {
        type: 'tool.denied',
        actor: 'ou_alice',
        requestId: null,
        details: {
          action: 'intake',
          message_id: 'om_1',
          chat_id: 'oc_requests',
          reason: 'requester_rate_limited',
          notified: true,
          retry_after_ms: 6_000,
          denials: [
            {
              code: 'requester_rate_limited',
              message: 'over 20 messages at once or 10 a minute from one person',
            },
          ],
        },
      },
    ]);
    expect(w.notices).toEqual([
      { messageId: 'om_1', chatId: 'oc_requests', requester: 'ou_alice', ...LIMITS },
    ]);
  });

  it('over the limit again in the same window: audited, no further reply', async () => {
    const w = world({ admitted: false, notify: false, retryAfterMs: 6_000 });

    await admitChatMessage(message(), w.deps);

    expect(w.audited.map((event) => event.details.notified)).toEqual([false]);
    expect(w.notices).toEqual([]);
  });

  it('a group message that does not mention the bot is neither counted nor queued', async () => {
    const w = world({ admitted: true, priority: 1 });
    let asked = false;
    w.deps.gate.admit = async () => {
      asked = true;
      return { admitted: true, priority: 1 };
    };

    await admitChatMessage(message({ mentionedBot: false }), w.deps);

    expect(asked).toBe(false);
    expect(w.queued).toEqual([]);
  });

  it('when queueing fails the slot is given back and the failure reaches the route (503, Lark retries)', async () => {
    const w = world({ admitted: true, priority: 1 }, true);

    await expect(admitChatMessage(message(), w.deps)).rejects.toThrow('redis down');
    expect(w.released).toEqual(['ou_alice']);
  });
});

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/monitoring/make-alert.js';
import { MonitoringConfig } from '../config/monitoring-config.js';
import type { Observation } from '../domain/alert.js';
import type { ChatText } from '../domain/chat-text.js';
import { createMonitor } from './create-monitor.js';
import { createPager } from './create-pager.js';

type Sent = { kind: 'card' | 'patch' | 'reply'; target: string; body: string };

/** A monitor with a scripted check, a fake chat and a fake audit log, on a hand-driven clock. */
function setup(options: { audit?: 'ok' | 'down'; fallback?: boolean } = {}) {
  let now = T0;
  let status: Observation['status'] = 'ok';
  let chatDown = false;
  const sent: Sent[] = [];
  const audited: Array<{ type: string; details: Record<string, unknown> }> = [];
  const fallbackPosts: Array<{ alert: string; incident: string; reason: string }> = [];
  let fallbackDown = false;
  let next = 0;
  const messenger = {
    async sendCard(chatId: string, card: object) {
      if (chatDown) throw new Error('Lark im.message.create failed: transient (HTTP 500)');
      sent.push({ kind: 'card' as const, target: chatId, body: JSON.stringify(card) });
      return { messageId: `om_${++next}` };
    },
    async patchCard(messageId: string, card: object) {
      if (chatDown) throw new Error('Lark im.message.patch failed');
      sent.push({ kind: 'patch' as const, target: messageId, body: JSON.stringify(card) });
    },
    async replyText(messageId: string, text: ChatText) {
      if (chatDown) throw new Error('Lark im.message.reply failed');
      sent.push({ kind: 'reply' as const, target: messageId, body: text.text });
      return { messageId: `om_${++next}` };
    },
  };
  const config = MonitoringConfig.parse({
    every: '30s',
    raise_after: 2,
    clear_after: 2,
    escalate_after: '10m',
    escalate_to: ['ou_bob'],
    notify: ['ou_dave'],
  });
  const monitor = createMonitor({
    config,
    clock: () => now,
    logger: pino({ level: 'silent' }),
    checks: [async () => [{ key: 'redis', status, detail: 'PING failed: ECONNREFUSED' }]],
    pager: createPager({
      messenger,
      chatId: 'oc_oncall',
      notify: config.notify,
      escalateTo: config.escalate_to,
    }),
    audit: async (input) => {
      if (options.audit === 'down') throw new Error('no audit sink could record the event');
      audited.push({ type: input.type, details: input.details });
    },
    chatId: 'oc_oncall',
    ...(options.fallback
      ? {
          fallback: {
            host: 'hooks.example.net',
            async send(alert: { key: string; incident: string }, reason: string) {
              if (fallbackDown) throw new Error('fallback webhook on hooks.example.net: HTTP 503');
              fallbackPosts.push({ alert: alert.key, incident: alert.incident, reason });
            },
          },
        }
      : {}),
  });
  return {
    monitor,
    sent,
    audited,
    fallbackPosts,
    fallbackDown: (down: boolean) => {
      fallbackDown = down;
    },
    set: (value: Observation['status']) => {
      status = value;
    },
    chat: (down: boolean) => {
      chatDown = down;
    },
    /** One round, 30 s after the previous. */
    async round() {
      await monitor.runRound();
      now += 30_000;
    },
    at: () => now,
  };
}

describe('createMonitor', () => {
  it('pages once after raise_after failing rounds, audits alert.paged with the time to page, then resolves', async () => {
    const m = setup();
    m.set('failing');
    await m.round();
    expect(m.sent).toEqual([]);
    await m.round();
    await m.round();

    expect(m.sent.map((item) => item.kind)).toEqual(['card']);
    expect(m.sent[0]?.body).toContain('Redis is unreachable');
    expect(m.audited.find((event) => event.type === 'alert.paged')?.details).toMatchObject({
      alert: 'redis',
      time_to_page_ms: 30_000,
    });

    m.set('ok');
    await m.round();
    await m.round();

    expect(m.sent.map((item) => item.kind)).toEqual(['card', 'patch']);
    expect(m.sent[1]?.body).toContain('Resolved');
    expect(m.audited.map((event) => event.type)).toEqual(['alert.paged', 'alert.resolved']);
  });

  it('escalates an unacknowledged page once, mentioning the escalation list', async () => {
    const m = setup();
    m.set('failing');
    for (let round = 0; round < 25; round++) await m.round();

    const replies = m.sent.filter((item) => item.kind === 'reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ target: 'om_1' });
    expect(replies[0]?.body).toContain('<at user_id="ou_bob"></at>');
  });

  it('an Ack stops the escalation and answers with the updated card', async () => {
    const m = setup();
    m.set('failing');
    await m.round();
    await m.round();
    const alert = m.monitor.book().redis;

    const answer = await m.monitor.ack({
      key: 'redis',
      incident: alert?.incident ?? '',
      by: 'ou_dave',
      messageId: 'om_1',
      chatId: 'oc_oncall',
    });
    for (let round = 0; round < 25; round++) await m.round();

    expect(answer.kind).toBe('acked');
    expect(JSON.stringify(answer.card)).toContain('Acknowledged by <at id=ou_dave></at>');
    expect(m.sent.filter((item) => item.kind === 'reply')).toEqual([]);
    expect(m.audited.map((event) => event.type)).toContain('alert.acked');
  });

  it('an Ack from another chat is ignored', async () => {
    const m = setup();
    m.set('failing');
    await m.round();
    await m.round();
    const incident = m.monitor.book().redis?.incident ?? '';

    expect(
      (
        await m.monitor.ack({
          key: 'redis',
          incident,
          by: 'ou_erin',
          messageId: 'om_1',
          chatId: 'oc_requests',
        })
      ).kind,
    ).toBe('unknown');
  });

  it('keeps trying while Lark refuses the page, then pages with the original since', async () => {
    const m = setup();
    m.chat(true);
    m.set('failing');
    for (let round = 0; round < 4; round++) await m.round();
    expect(m.sent).toEqual([]);
    expect(m.monitor.book().redis?.delivery).toMatchObject({ messageId: null, failures: 3 });

    m.chat(false);
    await m.round();

    expect(m.sent.map((item) => item.kind)).toEqual(['card']);
    expect(m.monitor.book().redis).toMatchObject({ since: T0, delivery: { failures: 0 } });
  });

  it('pages even when the audit log cannot record it', async () => {
    const m = setup({ audit: 'down' });
    m.set('failing');
    await m.round();
    await m.round();

    expect(m.sent.map((item) => item.kind)).toEqual(['card']);
  });

  it('a flapping condition sends one card, however often it flips', async () => {
    const m = setup();
    for (let round = 0; round < 40; round++) {
      m.set(round % 3 === 2 ? 'ok' : 'failing');
      await m.round();
    }

    expect(m.sent.filter((item) => item.kind === 'card')).toHaveLength(1);
  });

  describe('the fallback webhook', () => {
    it('a page Lark does not take goes out of band once per episode, audited via fallback; the card follows when Lark is back', async () => {
      const m = setup({ fallback: true });
      m.chat(true);
      m.set('failing');
      for (let round = 0; round < 6; round++) await m.round();

      expect(m.sent).toEqual([]);
      expect(m.fallbackPosts).toEqual([
        {
          alert: 'redis',
          incident: `redis@${T0}`,
          reason: 'Lark im.message.create failed: transient (HTTP 500)',
        },
      ]);
      const paged = m.audited.filter((event) => event.type === 'alert.paged');
      expect(paged).toHaveLength(1);
      expect(paged[0]?.details).toMatchObject({
        alert: 'redis',
        via: 'fallback',
        host: 'hooks.example.net',
        time_to_page_ms: 30_000,
      });

      m.chat(false);
      await m.round();
      expect(m.sent.map((item) => item.kind)).toEqual(['card']);
      expect(
        m.audited.filter((event) => event.type === 'alert.paged').map((event) => event.details.via),
      ).toEqual(['fallback', 'lark']);
      expect(m.fallbackPosts).toHaveLength(1);
    });

    it('is not used while Lark takes the pages', async () => {
      const m = setup({ fallback: true });
      m.set('failing');
      for (let round = 0; round < 4; round++) await m.round();

      expect(m.sent.map((item) => item.kind)).toEqual(['card']);
      expect(m.fallbackPosts).toEqual([]);
    });

    it('a fallback that fails is tried again next round, and then only once', async () => {
      const m = setup({ fallback: true });
      m.chat(true);
      m.fallbackDown(true);
      m.set('failing');
      for (let round = 0; round < 3; round++) await m.round();
      expect(m.fallbackPosts).toEqual([]);

      m.fallbackDown(false);
      for (let round = 0; round < 3; round++) await m.round();

      expect(m.fallbackPosts).toHaveLength(1);
    });

    it('a new episode after the reopen window is a new out-of-band page', async () => {
      const m = setup({ fallback: true });
      m.chat(true);
      m.set('failing');
      for (let round = 0; round < 3; round++) await m.round();
      m.set('ok');
      for (let round = 0; round < 3; round++) await m.round();
      // Past reopen_within (30 min by default).
      for (let round = 0; round < 70; round++) await m.round();
      m.set('failing');
      for (let round = 0; round < 3; round++) await m.round();

      expect(m.fallbackPosts.map((post) => post.alert)).toEqual(['redis', 'redis']);
      expect(new Set(m.fallbackPosts.map((post) => post.incident)).size).toBe(2);
    });
  });
});

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/monitoring/make-alert.js';
import { MonitoringConfig } from '../config/monitoring-config.js';
import type { AlertBook, Observation } from '../domain/alert.js';
import type { ChatText } from '../domain/chat-text.js';
import type { MonitorLease } from '../ports/monitor-lease.js';
import { createAckRelay } from './create-ack-relay.js';
import { createMonitor } from './create-monitor.js';
import type { InboxMessage, MonitorInbox } from './create-monitor-inbox.js';
import { createPager } from './create-pager.js';

const EVERY = 30_000;
const LEASE_MS = 3 * EVERY;

/**
 * Replicas of the bot on one fake Redis (a lease that lapses on the injected clock, the mirrored book, the
 * inbox) and one fake on-call chat that de-duplicates sends by uuid, as Lark does.
 */
function world() {
  let now = T0;
  let redisUp = true;
  let status: Observation['status'] = 'ok';
  const redis: { lease: { holder: string; until: number } | null; mirror: string | null; inbox: string[] } = {
    lease: null,
    mirror: null,
    inbox: [],
  };
  const sent: Array<{ kind: 'card' | 'patch' | 'reply'; target: string; body: string }> = [];
  const uuids = new Map<string, string>();
  const audited: Array<{ type: string; actor: string | null; details: Record<string, unknown> }> = [];
  const down = () => {
    if (!redisUp) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
  };
  const config = MonitoringConfig.parse({
    every: '30s',
    raise_after: 2,
    clear_after: 2,
    escalate_after: '10m',
    escalate_to: ['ou_bob'],
    notify: ['ou_dave'],
  });
  const messenger = {
    async sendCard(_chatId: string, card: object, options?: { uuid?: string }) {
      const known = options?.uuid ? uuids.get(options.uuid) : undefined;
      if (known) return { messageId: known };
      const messageId = `om_${sent.length + 1}`;
      if (options?.uuid) uuids.set(options.uuid, messageId);
      sent.push({ kind: 'card' as const, target: messageId, body: JSON.stringify(card) });
      return { messageId };
    },
    async patchCard(messageId: string, card: object) {
      sent.push({ kind: 'patch' as const, target: messageId, body: JSON.stringify(card) });
    },
    async replyText(messageId: string, text: ChatText) {
      sent.push({ kind: 'reply' as const, target: messageId, body: text.text });
      return { messageId: `om_r${sent.length}` };
    },
  };
  const pager = createPager({
    messenger,
    chatId: 'oc_oncall',
    notify: config.notify,
    escalateTo: config.escalate_to,
  });
  const inbox: MonitorInbox = {
    async push(message: InboxMessage) {
      down();
      redis.inbox.push(JSON.stringify(message));
    },
    async read() {
      down();
      return {
        messages: redis.inbox.map((text) => JSON.parse(text) as InboxMessage),
        size: redis.inbox.length,
      };
    },
    async trim(size: number) {
      down();
      redis.inbox.splice(0, size);
    },
  };
  const loadBook = async () => {
    down();
    return redis.mirror ? (JSON.parse(redis.mirror) as AlertBook) : null;
  };

  function replica(name: string) {
    const lease: MonitorLease = {
      holder: name,
      async claim() {
        if (!redisUp) return { kind: 'unreachable', reason: 'connect ECONNREFUSED' };
        const current = redis.lease && redis.lease.until > now ? redis.lease : null;
        if (current && current.holder !== name) return { kind: 'taken', holder: current.holder };
        redis.lease = { holder: name, until: now + LEASE_MS };
        return { kind: 'held' };
      },
      async release() {
        if (redisUp && redis.lease?.holder === name) redis.lease = null;
      },
    };
    const monitor = createMonitor({
      config,
      clock: () => now,
      logger: pino({ level: 'silent' }),
      checks: [async () => [{ key: 'redis', status, detail: 'PING failed: ECONNREFUSED' }]],
      pager,
      audit: async (input) => {
        audited.push({ type: input.type, actor: input.actor, details: input.details });
      },
      chatId: 'oc_oncall',
      lease,
      inbox,
      mirror: {
        load: loadBook,
        async save(book) {
          down();
          // Fenced like the Redis script: only the lease holder writes the mirror.
          if (redis.lease?.holder !== name) throw new Error('this replica does not hold the monitor lease');
          redis.mirror = JSON.stringify(book);
        },
      },
    });
    const relay = createAckRelay({
      chatId: 'oc_oncall',
      clock: () => now,
      loadBook,
      inbox,
      card: pager.card,
    });
    return { monitor, relay, name };
  }

  return {
    redis,
    sent,
    audited,
    replica,
    set: (value: Observation['status']) => {
      status = value;
    },
    redisUp: (up: boolean) => {
      redisUp = up;
    },
    /** One round of each running replica, in order, then 30 s pass. */
    async round(...replicas: Array<ReturnType<typeof replica>>) {
      for (const r of replicas) await r.monitor.runRound();
      now += EVERY;
    },
    cards: () => sent.filter((item) => item.kind === 'card'),
    paged: () => audited.filter((event) => event.type === 'alert.paged'),
  };
}

describe('createMonitor with replicas sharing a lease', () => {
  it('only the lease holder pages: one card and one alert.paged for an outage', async () => {
    const w = world();
    const a = w.replica('bot-a');
    const b = w.replica('bot-b');
    w.set('failing');
    for (let round = 0; round < 6; round++) await w.round(a, b);

    expect(w.cards()).toHaveLength(1);
    expect(w.paged()).toHaveLength(1);
    expect(a.monitor.role()).toMatchObject({ leading: true, basis: 'lease' });
    expect(b.monitor.role()).toEqual({ leading: false, basis: 'lease_elsewhere', holder: 'bot-a' });
  });

  it('a leader that stops renewing (crashed) is replaced once the lease lapses; the episode continues on the same card', async () => {
    const w = world();
    const a = w.replica('bot-a');
    const b = w.replica('bot-b');
    w.set('failing');
    for (let round = 0; round < 3; round++) await w.round(a, b);
    expect(w.cards()).toHaveLength(1);

    // bot-a is gone: no more rounds, no release. bot-b follows until the lease lapses (3 rounds).
    await w.round(b);
    await w.round(b);
    expect(b.monitor.role().leading).toBe(false);
    for (let round = 0; round < 3; round++) await w.round(b);
    expect(b.monitor.role()).toMatchObject({ leading: true, basis: 'lease' });
    w.set('ok');
    for (let round = 0; round < 3; round++) await w.round(b);

    expect(w.cards()).toHaveLength(1);
    expect(w.paged()).toHaveLength(1);
    const resolved = w.sent.filter((item) => item.kind === 'patch' && item.body.includes('Resolved'));
    expect(resolved.map((item) => item.target)).toEqual(['om_1']);
    expect(w.audited.filter((event) => event.type === 'alert.resolved')).toHaveLength(1);
  });

  it('a clean stop releases the lease: the other replica leads on its next round', async () => {
    const w = world();
    const a = w.replica('bot-a');
    const b = w.replica('bot-b');
    w.set('failing');
    for (let round = 0; round < 3; round++) await w.round(a, b);

    await a.monitor.stop();
    await w.round(b);

    expect(b.monitor.role().leading).toBe(true);
    expect(b.monitor.book().redis?.delivery.messageId).toBe('om_1');
    expect(w.cards()).toHaveLength(1);
  });

  it('an Ack clicked on the follower is answered with the acknowledged card; the leader applies it, escalates nothing and audits alert.acked once', async () => {
    const w = world();
    const a = w.replica('bot-a');
    const b = w.replica('bot-b');
    w.set('failing');
    for (let round = 0; round < 3; round++) await w.round(a, b);
    const incident = a.monitor.book().redis?.incident ?? '';
    const click = { key: 'redis', incident, by: 'ou_dave', messageId: 'om_1', chatId: 'oc_oncall' };

    const answer = await b.relay(click);
    const again = await b.relay(click);
    // Past escalate_after (10 min).
    for (let round = 0; round < 25; round++) await w.round(a, b);
    const later = await b.relay(click);

    expect(answer.kind).toBe('acked');
    expect(JSON.stringify(answer.card)).toContain('Acknowledged by <at id=ou_dave></at>');
    expect(again.kind).toBe('acked');
    expect(later.kind).toBe('already_acked');
    expect(w.sent.filter((item) => item.kind === 'reply')).toEqual([]);
    const acked = w.audited.filter((event) => event.type === 'alert.acked');
    expect(acked).toHaveLength(1);
    expect(acked[0]).toMatchObject({ actor: 'ou_dave', details: { alert: 'redis', incident } });
    expect(a.monitor.book().redis).toMatchObject({ ackedBy: 'ou_dave', ackedAt: T0 + 3 * EVERY });
    expect(w.redis.inbox).toEqual([]);
  });

  it('an Ack on the follower while Redis is down is not recorded, and says so', async () => {
    const w = world();
    const a = w.replica('bot-a');
    const b = w.replica('bot-b');
    w.set('failing');
    for (let round = 0; round < 3; round++) await w.round(a, b);
    const incident = a.monitor.book().redis?.incident ?? '';
    w.redisUp(false);

    const answer = await b.relay({
      key: 'redis',
      incident,
      by: 'ou_dave',
      messageId: 'om_1',
      chatId: 'oc_oncall',
    });

    expect(answer).toEqual({ kind: 'unrecorded' });
  });

  it('Redis down: the leader keeps paging, the follower stays quiet', async () => {
    const w = world();
    const a = w.replica('bot-a');
    const b = w.replica('bot-b');
    await w.round(a, b);
    w.redisUp(false);
    w.set('failing');
    for (let round = 0; round < 6; round++) await w.round(a, b);

    expect(a.monitor.role()).toMatchObject({ leading: true, basis: 'redis_down_was_leader' });
    expect(b.monitor.role()).toMatchObject({ leading: false, basis: 'redis_down_other_leader' });
    expect(w.cards()).toHaveLength(1);
    expect(w.paged()).toHaveLength(1);
  });

  it('a lone replica started while Redis is down pages', async () => {
    const w = world();
    const a = w.replica('bot-a');
    w.redisUp(false);
    w.set('failing');
    for (let round = 0; round < 3; round++) await w.round(a);

    expect(a.monitor.role()).toMatchObject({ leading: true, basis: 'redis_down_no_leader_known' });
    expect(w.cards()).toHaveLength(1);
  });

  it('after the outage, a follower that wins the lapsed lease takes over the old leader’s page and resolves that card', async () => {
    const w = world();
    const a = w.replica('bot-a');
    const b = w.replica('bot-b');
    await w.round(a, b);
    w.redisUp(false);
    w.set('failing');
    // Longer than the lease: it lapses in Redis while bot-a cannot renew it.
    for (let round = 0; round < 5; round++) await w.round(a, b);
    expect(w.cards()).toHaveLength(1);

    w.redisUp(true);
    w.set('ok');
    await w.round(b, a);
    expect(b.monitor.role().leading).toBe(true);
    expect(a.monitor.role()).toMatchObject({ leading: false, basis: 'lease_elsewhere' });
    for (let round = 0; round < 3; round++) await w.round(b, a);

    expect(w.cards()).toHaveLength(1);
    const resolved = w.sent.filter((item) => item.kind === 'patch' && item.body.includes('Resolved'));
    expect(resolved.map((item) => item.target)).toEqual(['om_1']);
    expect(w.audited.filter((event) => event.type === 'alert.resolved')).toHaveLength(1);
    expect(JSON.parse(w.redis.mirror ?? '{}').redis).toMatchObject({ state: 'resolved' });
  });
});

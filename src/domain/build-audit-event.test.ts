import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditEvent, buildAuditHashKey, GENESIS_HASH, hashAuditEvent } from './audit-event.js';
import { buildAuditChainId, buildAuditEvent, buildAuditEventLine } from './build-audit-event.js';
import { canonicalJson } from './canonical-json.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const KEY_TEXT = 'unit-test-audit-hash-key-0001';
const key = buildAuditHashKey(KEY_TEXT);

describe('buildAuditEvent', () => {
  it('starts a chain at seq 1 with prev = 64 zeros', () => {
    const event = buildAuditEvent(
      { chain: 'serve-h-1-a', seq: 0 },
      { type: 'service.start', details: { version: '0.1.0' } },
      now,
      key,
    );

    expect(event).toEqual({
      v: 2,
      kid: key.id,
      chain: 'serve-h-1-a',
      seq: 1,
      ts: '2026-03-01T12:00:00.000Z',
      type: 'service.start',
      actor: null,
      request_id: null,
      details: { version: '0.1.0' },
      prev: GENESIS_HASH,
      hash: event.hash,
    });
    expect(AuditEvent.parse(event)).toEqual(event);
  });

  it('keys the hash: HMAC-SHA256 over 0x00 followed by the canonical JSON of everything but the hash', () => {
    const event = buildAuditEvent(
      { chain: 'c', seq: 0 },
      { type: 'op.applied', actor: 'ou_a', requestId: 'r1', details: { b: 2, a: 1 } },
      now,
      key,
    );
    const { hash, ...body } = event;

    const expected = createHmac('sha256', KEY_TEXT)
      .update(Buffer.concat([Buffer.from([0]), Buffer.from(canonicalJson(body), 'utf8')]))
      .digest('hex');

    expect(hash).toBe(expected);
    expect(hashAuditEvent(event, key)).toBe(expected);
    // Another key gives another hash: without the key nobody can recompute it after an edit.
    expect(hashAuditEvent(event, buildAuditHashKey('another-audit-hash-key-0002'))).not.toBe(expected);
  });

  it('records only an id of the key, never the key', () => {
    const event = buildAuditEvent({ chain: 'c', seq: 0 }, { type: 'service.start' }, now, key);

    expect(event.kid).toMatch(/^[0-9a-f]{16}$/);
    expect(canonicalJson(event)).not.toContain(KEY_TEXT);
    expect(() => buildAuditHashKey('short')).toThrow(/16 bytes/);
  });

  it('links the next event to the head', () => {
    const first = buildAuditEvent({ chain: 'c', seq: 0 }, { type: 'service.start' }, now, key);
    const second = buildAuditEvent(first, { type: 'request.created', requestId: 'r1' }, now, key);

    expect(second).toMatchObject({ seq: 2, prev: first.hash, request_id: 'r1' });
    expect(second.hash).not.toBe(first.hash);
  });

  it('drops undefined members of details, as the stored JSON would', () => {
    const event = buildAuditEvent(
      { chain: 'c', seq: 0 },
      { type: 'op.failed', details: { code: 1254291, reason: undefined, nested: { x: undefined, y: -0 } } },
      now,
      key,
    );

    expect(event.details).toEqual({ code: 1254291, nested: { y: 0 } });
    expect(JSON.parse(canonicalJson(event))).toEqual(event);
  });

  it.each([
    ['a Date', { at: new Date(0) }],
    ['a Map', { m: new Map() }],
    ['NaN', { n: Number.NaN }],
    ['a bigint', { n: 1n }],
    ['a function', { f: () => 1 }],
    ['undefined in an array', { list: [1, undefined] }],
  ])('refuses details holding %s', (_name, details) => {
    expect(() =>
      buildAuditEvent(
        { chain: 'c', seq: 0 },
        { type: 'op.failed', details: details as Record<string, unknown> },
        now,
        key,
      ),
    ).toThrow(TypeError);
  });

  it('refuses a chain id that is not safe to print', () => {
    expect(() => buildAuditEvent({ chain: 'a b\n', seq: 0 }, { type: 'service.start' }, now, key)).toThrow(
      TypeError,
    );
  });

  it('keeps a __proto__ key as data', () => {
    const details = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;

    const event = buildAuditEvent({ chain: 'c', seq: 0 }, { type: 'tool.denied', details }, now, key);

    expect(canonicalJson(event.details)).toBe('{"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('buildAuditChainId', () => {
  it('joins role, host, pid and start time in base 36, replacing unsafe characters', () => {
    const id = buildAuditChainId({
      role: 'worker',
      hostname: 'host one/7',
      pid: 4242,
      startMs: 1_700_000_000_000,
    });

    expect(id).toBe(`worker-host_one_7-4242-${(1_700_000_000_000).toString(36)}`);
    expect(buildAuditEvent({ chain: id, seq: 0 }, { type: 'service.start' }, now, key).chain).toBe(id);
  });
});

describe('buildAuditEventLine', () => {
  it('gives the canonical JSON of the event, whatever the details hold', () => {
    const hostile = [
      {},
      { kid: 'x', hash: 'y', nested: { kid: 'z', list: [{ kid: 1 }] } },
      { text: '","kid":"0000000000000000","prev":"', quote: '\\"kid\\":', emoji: '✅ ,"kid":' },
      { z: null, a: [true, false, 0, -1.5], m: { '': 'empty key', 'k"id': 2 } },
    ];
    let head: Parameters<typeof buildAuditEventLine>[0] = { chain: 'serve-h-1-a', seq: 0 };
    for (const details of hostile) {
      const { event, line } = buildAuditEventLine(
        head,
        { type: 'approval.vote', actor: 'ou_"kid"', requestId: ',"kid":"', details },
        now,
        key,
      );
      expect(line).toBe(canonicalJson(event));
      expect(event).toEqual(
        buildAuditEvent(
          head,
          { type: 'approval.vote', actor: 'ou_"kid"', requestId: ',"kid":"', details },
          now,
          key,
        ),
      );
      expect(event.hash).toBe(hashAuditEvent(event, key));
      head = event;
    }
  });
});

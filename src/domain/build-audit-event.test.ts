import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditEvent, GENESIS_HASH, hashAuditEvent } from './audit-event.js';
import { buildAuditChainId, buildAuditEvent } from './build-audit-event.js';
import { canonicalJson } from './canonical-json.js';

const now = new Date('2026-03-01T12:00:00.000Z');

describe('buildAuditEvent', () => {
  it('starts a chain at seq 1 with prev = 64 zeros', () => {
    const event = buildAuditEvent(
      { chain: 'serve-h-1-a', seq: 0 },
      { type: 'service.start', details: { version: '0.1.0' } },
      now,
    );

    expect(event).toEqual({
      v: 1,
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

  it('hashes 0x00 followed by the canonical JSON of everything but the hash', () => {
    const event = buildAuditEvent(
      { chain: 'c', seq: 0 },
      { type: 'op.applied', actor: 'ou_a', requestId: 'r1', details: { b: 2, a: 1 } },
      now,
    );
    const { hash, ...body } = event;

    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from([0]), Buffer.from(canonicalJson(body), 'utf8')]))
      .digest('hex');

    expect(hash).toBe(expected);
    expect(hashAuditEvent(event)).toBe(expected);
  });

  it('links the next event to the head', () => {
    const first = buildAuditEvent({ chain: 'c', seq: 0 }, { type: 'service.start' }, now);
    const second = buildAuditEvent(first, { type: 'request.created', requestId: 'r1' }, now);

    expect(second).toMatchObject({ seq: 2, prev: first.hash, request_id: 'r1' });
    expect(second.hash).not.toBe(first.hash);
  });

  it('drops undefined members of details, as the stored JSON would', () => {
    const event = buildAuditEvent(
      { chain: 'c', seq: 0 },
      { type: 'op.failed', details: { code: 1254291, reason: undefined, nested: { x: undefined, y: -0 } } },
      now,
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
      ),
    ).toThrow(TypeError);
  });

  it('refuses a chain id that is not safe to print', () => {
    expect(() => buildAuditEvent({ chain: 'a b\n', seq: 0 }, { type: 'service.start' }, now)).toThrow(
      TypeError,
    );
  });

  it('keeps a __proto__ key as data', () => {
    const details = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;

    const event = buildAuditEvent({ chain: 'c', seq: 0 }, { type: 'tool.denied', details }, now);

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
    expect(buildAuditEvent({ chain: id, seq: 0 }, { type: 'service.start' }, now).chain).toBe(id);
  });
});

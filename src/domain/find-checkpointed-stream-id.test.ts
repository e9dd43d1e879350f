import { describe, expect, it } from 'vitest';
import type { AuditAnchorRecord } from './audit-anchor-record.js';
import { compareStreamIds, findCheckpointedStreamId } from './find-checkpointed-stream-id.js';

function record(
  chain: string,
  streamId: string | null,
  overrides: Partial<AuditAnchorRecord> = {},
): AuditAnchorRecord {
  return {
    checkpoint: {
      chain,
      seq: 1,
      hash: 'ab'.repeat(32),
      ts: '2026-03-01T12:00:00.000Z',
      heads: [],
      signature: `${'A'.repeat(86)}==`,
    },
    sinks: ['file', 'stream'],
    stream_id: streamId,
    final: false,
    ...overrides,
  };
}

describe('findCheckpointedStreamId', () => {
  it.each<[string, AuditAnchorRecord[], string | null]>([
    ['nothing anchored', [], null],
    ['one running chain: up to its newest checkpoint', [record('a', '100-0')], '100-0'],
    [
      'running chains: the oldest of their newest checkpoints caps it',
      [record('a', '100-0'), record('b', '99-5'), record('c', '100-1')],
      '99-5',
    ],
    ['a finished chain caps nothing', [record('a', '100-0'), record('b', '5-0', { final: true })], '100-0'],
    [
      'only finished chains: up to the newest',
      [record('a', '7-0', { final: true }), record('b', '10-0', { final: true })],
      '10-0',
    ],
    [
      'a checkpoint the file missed: nothing is safe',
      [record('a', '100-0'), record('b', '200-0', { sinks: ['stream'] })],
      null,
    ],
    ['a checkpoint without a stream entry: nothing is safe', [record('a', '100-0'), record('b', null)], null],
  ])('%s', (_name, records, expected) => {
    expect(findCheckpointedStreamId(records)).toBe(expected);
  });

  it('compares stream ids as numbers, part by part', () => {
    expect(compareStreamIds('99-0', '100-0')).toBe(-1);
    expect(compareStreamIds('100-10', '100-9')).toBe(1);
    expect(compareStreamIds('100-9', '100-9')).toBe(0);
  });
});

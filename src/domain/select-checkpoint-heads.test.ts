import { describe, expect, it } from 'vitest';
import type { AuditAnchorRecord } from './audit-anchor-record.js';
import { MAX_CHECKPOINT_HEADS } from './audit-checkpoint.js';
import { CHECKPOINT_HEADS_WINDOW_MS, selectCheckpointHeads } from './select-checkpoint-heads.js';

const NOW = Date.parse('2026-03-02T12:00:00.000Z');

function record(chain: string, ageMs: number, sinks = ['file', 'stream']): AuditAnchorRecord {
  return {
    checkpoint: {
      chain,
      seq: 5,
      hash: 'ab'.repeat(32),
      ts: new Date(NOW - ageMs).toISOString(),
      heads: [],
      signature: `${'A'.repeat(86)}==`,
    },
    sinks,
    stream_id: '1-0',
    final: false,
  };
}

describe('selectCheckpointHeads', () => {
  it('names the other recent chains, newest first, never its own', () => {
    const heads = selectCheckpointHeads(
      [
        record('own', 0),
        record('old', CHECKPOINT_HEADS_WINDOW_MS + 1),
        record('b', 2_000),
        record('c', 1_000),
      ],
      'own',
      NOW,
    );

    expect(heads).toEqual([
      { chain: 'c', seq: 5, hash: 'ab'.repeat(32), sinks: ['file', 'stream'] },
      { chain: 'b', seq: 5, hash: 'ab'.repeat(32), sinks: ['file', 'stream'] },
    ]);
  });

  it('skips a checkpoint no sink took, and keeps a checkpoint one chat line long', () => {
    const many = Array.from({ length: MAX_CHECKPOINT_HEADS + 20 }, (_, i) => record(`c${i}`, i));

    expect(selectCheckpointHeads([record('lost', 0, [])], 'own', NOW)).toEqual([]);
    expect(selectCheckpointHeads(many, 'own', NOW)).toHaveLength(MAX_CHECKPOINT_HEADS);
  });
});

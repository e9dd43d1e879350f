import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAuditCheckpoint } from './audit-checkpoint.js';
import { parseCheckpointExport } from './parse-checkpoint-export.js';

const keys = generateKeyPairSync('ed25519');
const mallory = generateKeyPairSync('ed25519');
const unsigned = {
  chain: 'serve-h-1-a',
  seq: 100,
  hash: 'ab'.repeat(32),
  ts: '2026-03-01T12:00:00.000Z',
  heads: [],
};

describe('parseCheckpointExport', () => {
  it('trusts the audit chat’s signed lines (prefixed or bare), skips blanks, and keeps the sinks named', () => {
    const good = signAuditCheckpoint(unsigned, keys.privateKey);
    const text = [
      `audit checkpoint ${JSON.stringify({ ...good, sinks: ['file', 'stream'] })}`,
      '',
      JSON.stringify(signAuditCheckpoint({ ...unsigned, seq: 101 }, keys.privateKey)),
    ].join('\n');

    const parsed = parseCheckpointExport(text, 'chat.txt', keys.publicKey);

    expect(parsed).toMatchObject({
      kind: 'read',
      forged: [],
      trusted: [
        { chain: 'serve-h-1-a', seq: 100, source: 'chat.txt line 1', sinks: ['file', 'stream'] },
        { chain: 'serve-h-1-a', seq: 101, source: 'chat.txt line 3' },
      ],
    });
  });

  it('names a checkpoint signed with another key as forged, by its line', () => {
    const text = `audit checkpoint ${JSON.stringify(signAuditCheckpoint(unsigned, mallory.privateKey))}`;

    const parsed = parseCheckpointExport(text, 'chat.txt', keys.publicKey);

    expect(parsed).toMatchObject({ kind: 'read', trusted: [], forged: [{ source: 'chat.txt line 1' }] });
  });

  it('refuses a file that is not one checkpoint per line', () => {
    expect(parseCheckpointExport('{}\nnot json', 'chat.txt', keys.publicKey)).toEqual({
      kind: 'malformed',
      line: 2,
    });
  });
});

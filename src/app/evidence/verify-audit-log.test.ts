import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_HASH_KEY } from '../../../test/audit/audit-test-keys.js';
import { buildAuditLines, newestCheckpoints, toFileRecords } from '../../../test/audit/build-audit-lines.js';
import { type AuditSinkRead, verifyAuditLog } from './verify-audit-log.js';

const keys = generateKeyPairSync('ed25519');
const A = 'serve-host1-100-a';

function signedLog() {
  return buildAuditLines({
    chains: [A],
    order: [0, 0, 0, 0],
    signingKey: keys.privateKey,
    checkpointEvery: 2,
    finalCheckpoints: true,
  });
}

function judge(
  reads: AuditSinkRead[],
  trusted = newestCheckpoints(signedLog().events),
  forged: { source: string; reason: string }[] = [],
) {
  return verifyAuditLog({ reads, trusted, forged, hashKey: TEST_HASH_KEY, publicKey: keys.publicKey });
}

describe('verifyAuditLog', () => {
  it('passes when both sinks verify, agree, and a checkpoint came from outside the log', () => {
    const { lines, events } = signedLog();
    const records = toFileRecords(lines);

    const verdict = judge(
      [
        { sink: 'file', where: 'audit.jsonl', records },
        { sink: 'stream', where: 'redis larkgate:audit', records },
      ],
      newestCheckpoints(events),
    );

    expect(verdict.ok).toBe(true);
    expect(verdict.comparison?.ok).toBe(true);
    expect(verdict.outside).toBe(1);
    expect(verdict.trusted.map((point) => point.chain)).toEqual([A]);
  });

  it('fails a log that holds events but no checkpoint from outside it (a cut tail could not be seen)', () => {
    const records = toFileRecords(signedLog().lines);

    const verdict = judge([{ sink: 'file', where: 'audit.jsonl', records }], []);

    expect(verdict).toMatchObject({ ok: false, noAnchor: true });
  });

  it('fails on a forged outside checkpoint even when the log itself verifies', () => {
    const records = toFileRecords(signedLog().lines);

    const verdict = judge([{ sink: 'file', where: 'audit.jsonl', records }], undefined, [
      { source: 'export line 3', reason: 'bad signature' },
    ]);

    expect(verdict.ok).toBe(false);
    expect(verdict.reports[0]?.result.ok).toBe(true);
  });

  it('fails when the stream lacks the file’s last events', () => {
    const { lines, events } = signedLog();

    const verdict = judge(
      [
        { sink: 'file', where: 'audit.jsonl', records: toFileRecords(lines) },
        { sink: 'stream', where: 'redis larkgate:audit', records: toFileRecords(lines.slice(0, -1)) },
      ],
      newestCheckpoints(events),
    );

    expect(verdict.ok).toBe(false);
  });

  it('an empty log with nothing outside it passes (nothing to cut)', () => {
    expect(judge([{ sink: 'file', where: 'audit.jsonl', records: [] }], []).ok).toBe(true);
  });
});

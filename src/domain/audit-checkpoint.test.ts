import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signAuditCheckpoint, verifyCheckpoint } from './audit-checkpoint.js';

const keys = generateKeyPairSync('ed25519');
const mallory = generateKeyPairSync('ed25519');
const unsigned = {
  chain: 'serve-h-1-a',
  seq: 100,
  hash: 'ab'.repeat(32),
  ts: '2026-03-01T12:00:00.000Z',
  heads: [{ chain: 'worker-h-2-b', seq: 40, hash: 'cd'.repeat(32), sinks: ['file', 'stream'] }],
};

describe('checkpoints', () => {
  it('verifies a checkpoint signed with the matching key, also given as PEM', () => {
    const checkpoint = signAuditCheckpoint(unsigned, keys.privateKey);
    const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

    expect(verifyCheckpoint(checkpoint, keys.publicKey)).toEqual({ ok: true, checkpoint });
    expect(verifyCheckpoint(checkpoint, pem).ok).toBe(true);
  });

  it.each([
    ['a later seq', { seq: 101 }],
    ['another hash', { hash: 'cd'.repeat(32) }],
    ['another chain', { chain: 'worker-h-2-b' }],
    ['another time', { ts: '2026-03-01T12:00:01.000Z' }],
    ['no other chains', { heads: [] }],
    ['an older head of another chain', { heads: [{ ...unsigned.heads[0], seq: 39 }] }],
  ])('rejects a checkpoint altered to claim %s', (_name, change) => {
    const forged = { ...signAuditCheckpoint(unsigned, keys.privateKey), ...change };

    expect(verifyCheckpoint(forged, keys.publicKey)).toEqual({
      ok: false,
      reason: 'signature does not verify',
    });
  });

  it('rejects a checkpoint signed with another key', () => {
    const forged = signAuditCheckpoint(unsigned, mallory.privateKey);

    expect(verifyCheckpoint(forged, keys.publicKey).ok).toBe(false);
  });

  it.each([
    ['no signature', { ...unsigned }],
    ['a short signature', { ...unsigned, signature: 'AAAA' }],
    ['an extra field', { ...signAuditCheckpoint(unsigned, keys.privateKey), note: 'x' }],
    ['not an object', 'checkpoint'],
  ])('reports %s as malformed', (_name, value) => {
    const verdict = verifyCheckpoint(value, keys.publicKey);

    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(/^malformed checkpoint/);
  });

  it('refuses a key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });

    expect(() => signAuditCheckpoint(unsigned, rsa.privateKey)).toThrow(/Ed25519/);
    expect(() => verifyCheckpoint(signAuditCheckpoint(unsigned, keys.privateKey), rsa.publicKey)).toThrow(
      /Ed25519/,
    );
    expect(() => signAuditCheckpoint(unsigned, keys.publicKey)).toThrow(/Ed25519 private/);
  });
});

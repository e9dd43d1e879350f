import { describe, expect, it } from 'vitest';
import { sealPush } from '../../emulator/events/seal-push.js';
import { Secret } from '../config/secret.js';
import { type PreviousKey, receiveLarkPush } from './receive-lark-push.js';

const T0 = Date.parse('2026-06-01T12:00:00Z');
const HOUR = 3600_000;
const OLD = 'old-encrypt-key-being-retired';
const NEW = 'new-encrypt-key-in-force';
const TOKEN = 'verification-token';

function event(now: number) {
  return {
    schema: '2.0',
    header: {
      event_id: `ev_${now}`,
      event_type: 'im.message.receive_v1',
      token: TOKEN,
      create_time: String(now),
    },
    event: { message: {} },
  };
}

function receive(sealedWith: string, now: number, previous: PreviousKey | null) {
  const sealed = sealPush(event(now), sealedWith, now);
  const headers = Object.fromEntries(Object.entries(sealed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return receiveLarkPush(headers, Buffer.from(sealed.body), {
    encryptKey: new Secret(NEW, 'secret://env/NEW'),
    previousEncryptKey: previous,
    verificationToken: new Secret(TOKEN, 'secret://env/TOKEN'),
    windowSeconds: 300,
    nowMs: now,
  });
}

describe('receiveLarkPush during an encrypt-key rotation', () => {
  const overlap: PreviousKey = { key: new Secret(OLD, 'secret://env/OLD'), validUntilMs: T0 + 24 * HOUR };

  it('accepts pushes sealed with the new key, before, during and after the overlap', () => {
    for (const now of [T0, T0 + 23 * HOUR, T0 + 48 * HOUR]) {
      expect(receive(NEW, now, overlap)).toMatchObject({ kind: 'event', key: 'current' });
    }
  });

  it('accepts pushes sealed with the old key during the overlap, and says so', () => {
    expect(receive(OLD, T0, overlap)).toMatchObject({ kind: 'event', key: 'previous' });
    expect(receive(OLD, T0 + 24 * HOUR - 1, overlap)).toMatchObject({ kind: 'event', key: 'previous' });
  });

  it('refuses the old key from the end of the overlap on', () => {
    expect(receive(OLD, T0 + 24 * HOUR, overlap)).toEqual({ kind: 'denied', reason: 'bad_signature' });
    expect(receive(OLD, T0 + 30 * 24 * HOUR, overlap)).toEqual({ kind: 'denied', reason: 'bad_signature' });
  });

  it('refuses the old key when no overlap is configured', () => {
    expect(receive(OLD, T0, null)).toEqual({ kind: 'denied', reason: 'bad_signature' });
  });

  it('opens the unsigned url_verification handshake with the old key only during the overlap', () => {
    const handshake = (now: number) => {
      const sealed = sealPush({ type: 'url_verification', challenge: 'c-1', token: TOKEN }, OLD, now);
      return receiveLarkPush({}, Buffer.from(sealed.body), {
        encryptKey: new Secret(NEW, 'secret://env/NEW'),
        previousEncryptKey: overlap,
        verificationToken: new Secret(TOKEN, 'secret://env/TOKEN'),
        windowSeconds: 300,
        nowMs: now,
      });
    };

    expect(handshake(T0)).toEqual({ kind: 'challenge', challenge: 'c-1', key: 'previous' });
    expect(handshake(T0 + 25 * HOUR)).toEqual({ kind: 'denied', reason: 'cannot_decrypt' });
  });

  it('a stale push stays stale whichever key signed it', () => {
    const sealed = sealPush(event(T0), OLD, T0);
    const headers = Object.fromEntries(Object.entries(sealed.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const result = receiveLarkPush(headers, Buffer.from(sealed.body), {
      encryptKey: new Secret(NEW, 'secret://env/NEW'),
      previousEncryptKey: overlap,
      verificationToken: new Secret(TOKEN, 'secret://env/TOKEN'),
      windowSeconds: 300,
      nowMs: T0 + 10 * 60_000,
    });
    expect(result).toEqual({ kind: 'denied', reason: 'stale' });
  });
});

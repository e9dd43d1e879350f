import { createHash } from 'node:crypto';
import * as lark from '@larksuiteoapi/node-sdk';
import { describe, expect, it } from 'vitest';
import { encryptPayload, sealPush } from './seal-push.js';

describe('sealPush', () => {
  it('reproduces the documented test vector (key "test key", "hello world")', () => {
    const documented = 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=';
    const iv = Buffer.from(documented, 'base64').subarray(0, 16);
    expect(encryptPayload('hello world', 'test key', iv)).toBe(documented);
  });

  it('sends compact {"encrypt"} that the SDK decrypts, signed over the exact body bytes', () => {
    const payload = { schema: '2.0', header: { event_id: 'e1', event_type: 'x' }, event: { text: 'héllo' } };
    const sealed = sealPush(payload, 'k3y', Date.parse('2026-03-02T09:00:00Z'));
    const body = JSON.parse(sealed.body) as { encrypt: string };
    expect(sealed.body).toBe(JSON.stringify(body));
    expect(Object.keys(body)).toEqual(['encrypt']);
    expect(JSON.parse(new lark.AESCipher('k3y').decrypt(body.encrypt))).toEqual(payload);

    const { 'X-Lark-Request-Timestamp': ts, 'X-Lark-Request-Nonce': nonce } = sealed.headers;
    expect(ts).toBe(String(Date.parse('2026-03-02T09:00:00Z') / 1000));
    const signature = createHash('sha256').update(`${ts}${nonce}k3y${sealed.body}`).digest('hex');
    expect(sealed.headers['X-Lark-Signature']).toBe(signature);
    expect(sealed.headers['Content-Type']).toBe('application/json; charset=utf-8');
  });

  it('draws a fresh iv and nonce for every seal of the same payload', () => {
    const a = sealPush({ a: 1 }, 'k', 0);
    const b = sealPush({ a: 1 }, 'k', 0);
    expect(a.body).not.toBe(b.body);
    expect(a.headers['X-Lark-Request-Nonce']).not.toBe(b.headers['X-Lark-Request-Nonce']);
  });
});

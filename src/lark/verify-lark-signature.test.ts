import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyLarkSignature } from './verify-lark-signature.js';

const KEY = 'test-encrypt-key';
const NOW_MS = 1_767_225_600_000;
const TS = String(NOW_MS / 1000);
const NONCE = 'n-8d9f2a';
const BODY = Buffer.from(JSON.stringify({ encrypt: 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=' }));

/** Lark's rule, computed here independently: sha256 over timestamp + nonce + key, then the raw bytes. */
function sign(timestamp: string, nonce: string, key: string, body: Buffer): string {
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${timestamp}${nonce}${key}`, 'utf8'), body]))
    .digest('hex');
}

type Input = Parameters<typeof verifyLarkSignature>[0];

function makeInput(overrides: Partial<Input> = {}): Input & { headers: Record<string, string> } {
  return {
    headers: {
      'x-lark-request-timestamp': TS,
      'x-lark-request-nonce': NONCE,
      'x-lark-signature': sign(TS, NONCE, KEY, BODY),
    },
    rawBody: BODY,
    encryptKey: KEY,
    nowMs: NOW_MS,
    windowSeconds: 300,
    ...overrides,
  } as Input & { headers: Record<string, string> };
}

describe('verifyLarkSignature', () => {
  it('accepts a push signed over its raw bytes', () => {
    expect(verifyLarkSignature(makeInput())).toEqual({ ok: true });
  });

  it('matches a fixed vector', () => {
    // printf '%s' '1767225600n-8d9f2atest-encrypt-key{"a":1}' | sha256sum
    const body = Buffer.from('{"a":1}');
    const expected = '7b1120c54882eef5df4942fe334027da7e1b59fb6d982ee14ad0a963e5c2b6be';
    const input = makeInput({
      rawBody: body,
      headers: {
        'x-lark-request-timestamp': TS,
        'x-lark-request-nonce': NONCE,
        'x-lark-signature': expected,
      },
    });
    expect(verifyLarkSignature(input)).toEqual({ ok: true });
  });

  it('accepts an upper-case hex signature', () => {
    const input = makeInput();
    input.headers['x-lark-signature'] = String(input.headers['x-lark-signature']).toUpperCase();
    expect(verifyLarkSignature(input)).toEqual({ ok: true });
  });

  it('rejects a re-serialised body: pretty-printed JSON with the signature of the compact form', () => {
    const compact = Buffer.from(JSON.stringify({ schema: '2.0', header: { event_id: 'e1' } }));
    const pretty = Buffer.from(JSON.stringify(JSON.parse(compact.toString()), null, 2));
    const input = makeInput({
      rawBody: pretty,
      headers: {
        'x-lark-request-timestamp': TS,
        'x-lark-request-nonce': NONCE,
        'x-lark-signature': sign(TS, NONCE, KEY, compact),
      },
    });
    expect(verifyLarkSignature(input)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    ['a body altered after signing', { rawBody: Buffer.from(`${BODY.toString()} `) }],
    ['another encrypt key', { encryptKey: 'other-key' }],
  ])('rejects %s', (_name, overrides) => {
    expect(verifyLarkSignature(makeInput(overrides))).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a signature computed with HMAC instead of plain sha256', async () => {
    const { createHmac } = await import('node:crypto');
    const hmac = createHmac('sha256', KEY).update(`${TS}${NONCE}`).update(BODY).digest('hex');
    const input = makeInput();
    input.headers['x-lark-signature'] = hmac;
    expect(verifyLarkSignature(input)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each(['x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature'] as const)(
    'rejects a push without %s',
    (name) => {
      const input = makeInput();
      const headers: Record<string, string> = { ...input.headers };
      delete headers[name];
      expect(verifyLarkSignature({ ...input, headers })).toEqual({ ok: false, reason: 'missing_headers' });
    },
  );

  it('rejects a header sent twice', () => {
    const input = makeInput();
    const headers = { ...input.headers, 'x-lark-request-nonce': [NONCE, NONCE] };
    expect(verifyLarkSignature({ ...input, headers })).toEqual({ ok: false, reason: 'missing_headers' });
  });

  it.each([
    ['at the edge of the window (past)', -300, { ok: true }],
    ['at the edge of the window (future)', 300, { ok: true }],
    ['one second too old', -301, { ok: false, reason: 'stale' }],
    ['one second in the future beyond the window', 301, { ok: false, reason: 'future' }],
    ['a day old', -86_400, { ok: false, reason: 'stale' }],
  ])('a timestamp %s', (_name, offsetSeconds, verdict) => {
    const ts = String(NOW_MS / 1000 + offsetSeconds);
    const input = makeInput({
      headers: {
        'x-lark-request-timestamp': ts,
        'x-lark-request-nonce': NONCE,
        'x-lark-signature': sign(ts, NONCE, KEY, BODY),
      },
    });
    expect(verifyLarkSignature(input)).toEqual(verdict);
  });

  it('fails closed when no encrypt key is configured, even for a push "signed" with the empty key', () => {
    const input = makeInput({ encryptKey: '' });
    input.headers['x-lark-signature'] = sign(TS, NONCE, '', BODY);
    expect(verifyLarkSignature(input)).toEqual({ ok: false, reason: 'no_encrypt_key' });
  });

  it('never throws and never verifies random headers and bodies (fuzz)', () => {
    const headerValue = fc.oneof(
      fc.string(),
      fc.constant(undefined),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }),
      fc.integer({ min: NOW_MS / 1000 - 600, max: NOW_MS / 1000 + 600 }).map(String),
    );
    fc.assert(
      fc.property(
        fc.record({
          'x-lark-request-timestamp': headerValue,
          'x-lark-request-nonce': headerValue,
          'x-lark-signature': headerValue,
        }),
        fc.uint8Array({ maxLength: 512 }),
        fc.string(),
        (headers, body, key) => {
          const verdict = verifyLarkSignature({
            headers: headers as Record<string, string | string[] | undefined>,
            rawBody: Buffer.from(body),
            encryptKey: key,
            nowMs: NOW_MS,
            windowSeconds: 300,
          });
          expect(verdict.ok).toBe(false);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('rejects every single-byte change to a genuine body (fuzz)', () => {
    fc.assert(
      fc.property(fc.nat({ max: BODY.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const tampered = Buffer.from(BODY);
        tampered[index] = ((tampered[index] ?? 0) + delta) % 256;
        expect(verifyLarkSignature(makeInput({ rawBody: tampered }))).toEqual({
          ok: false,
          reason: 'bad_signature',
        });
      }),
      { numRuns: 500 },
    );
  });
});

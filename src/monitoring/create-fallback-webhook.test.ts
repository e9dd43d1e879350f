import { describe, expect, it } from 'vitest';
import { makeAlert, T0 } from '../../test/monitoring/make-alert.js';
import { Secret } from '../config/secret.js';
import { buildFallbackBody, checkFallbackUrl, createFallbackWebhook } from './create-fallback-webhook.js';

const URL_WITH_TOKEN = 'https://hooks.example.net/services/T0001/B0001/s3cr3t-t0ken';

describe('checkFallbackUrl', () => {
  it.each<[string, string, string]>([
    [URL_WITH_TOKEN, 'feishu', 'ok'],
    ['http://127.0.0.1:9999/hook', 'http://127.0.0.1:4010', 'ok'],
    ['https://open.feishu.cn/open-apis/bot/v2/hook/s3cr3t', 'feishu', 'refused'],
    ['https://open.larksuite.com/open-apis/bot/v2/hook/s3cr3t', 'lark', 'refused'],
    ['https://www.feishu.cn/hook', 'lark', 'refused'],
    ['https://open.larkoffice.com/hook', 'feishu', 'refused'],
    ['http://127.0.0.1:4010/hook', 'http://127.0.0.1:4010', 'refused'],
    ['http://hooks.example.net/hook', 'feishu', 'refused'],
    ['ftp://hooks.example.net/hook', 'feishu', 'refused'],
    ['not a url s3cr3t', 'feishu', 'refused'],
  ])('%s (Lark at %s): %s', (url, domain, kind) => {
    expect(checkFallbackUrl(url, domain).kind).toBe(kind);
  });

  it('says why without quoting the URL (it holds the token)', () => {
    const checked = checkFallbackUrl('https://open.feishu.cn/open-apis/bot/v2/hook/s3cr3t', 'feishu');

    expect(checked).toEqual({
      kind: 'refused',
      problem:
        'the fallback webhook is on open.feishu.cn, a Lark domain: it would fail with Lark, which is what it is for',
    });
  });
});

describe('buildFallbackBody', () => {
  it('a flat JSON body: the alert, its detail, since when, the runbook and why Lark was not used', () => {
    const alert = makeAlert({ key: 'lark.token', incident: `lark.token@${T0}`, detail: 'bot: HTTP 500' });

    expect(
      buildFallbackBody({ alert, reason: 'Lark im.message.create failed: HTTP 500', now: T0 + 90_000 }),
    ).toEqual({
      version: 1,
      source: 'larkgate',
      status: 'firing',
      alert: 'lark.token',
      incident: `lark.token@${T0}`,
      severity: 'page',
      title: 'Lark API unreachable: no tenant_access_token',
      detail: 'bot: HTTP 500',
      first_check: expect.stringContaining('Lark status page'),
      since: '2026-11-22T09:00:00.000Z',
      sent_at: '2026-11-22T09:01:30.000Z',
      runbook: 'docs/runbooks/lark-api-unreachable.md',
      why_fallback:
        'the page could not reach the on-call chat in Lark: Lark im.message.create failed: HTTP 500',
      text: expect.stringMatching(/^🚨 Larkgate: Lark API unreachable: no tenant_access_token \(since 2026/),
    });
  });
});

describe('createFallbackWebhook', () => {
  const url = new Secret(URL_WITH_TOKEN, 'secret://env/LARKGATE_FALLBACK_URL');

  it('POSTs the body as JSON to the URL, without following redirects', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const webhook = createFallbackWebhook({
      url,
      host: 'hooks.example.net',
      timeoutMs: 1_000,
      fetch: async (target, init) => {
        calls.push({ url: String(target), init: init ?? {} });
        return new Response('ok', { status: 200 });
      },
    });

    await webhook.send(makeAlert(), 'HTTP 500', T0);

    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(URL_WITH_TOKEN);
    expect(calls[0]?.init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      redirect: 'error',
    });
    expect(JSON.parse(String(calls[0]?.init.body))).toMatchObject({ alert: 'redis', status: 'firing' });
    expect(String(calls[0]?.init.body)).not.toContain('s3cr3t');
  });

  it.each<[string, () => Promise<Response>, RegExp]>([
    ['an error status', async () => new Response('no', { status: 503 }), /HTTP 503$/],
    [
      'no connection',
      () => Promise.reject(new TypeError(`fetch failed: ${URL_WITH_TOKEN}`)),
      /could not connect$/,
    ],
    [
      'no answer in time',
      () => Promise.reject(Object.assign(new Error('aborted'), { name: 'TimeoutError' })),
      /no answer within 1000 ms$/,
    ],
  ])('fails on %s, naming the host and never the URL', async (_name, answer, message) => {
    const webhook = createFallbackWebhook({
      url,
      host: 'hooks.example.net',
      timeoutMs: 1_000,
      fetch: answer,
    });

    const error = await webhook.send(makeAlert(), 'HTTP 500', T0).catch((caught: Error) => caught);

    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain('hooks.example.net');
    expect((error as Error).message).not.toContain('s3cr3t');
  });

  it('gives up at its own deadline on a receiver that never answers', async () => {
    const webhook = createFallbackWebhook({
      url,
      host: 'hooks.example.net',
      timeoutMs: 50,
      fetch: (_target, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    });

    await expect(webhook.send(makeAlert(), 'HTTP 500', T0)).rejects.toThrow(/no answer within 50 ms/);
  });
});

import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/monitoring/make-alert.js';
import { LarkCallFailed } from '../ports/lark-call-failed.js';
import { createTokenWatch } from './create-token-watch.js';
import { observeTokenRefresh } from './observe-token-refresh.js';

/**
 * The long-lived client as the probe sees it: a token watch fed by the client's traffic, and the probe's
 * authenticated call, which here replays what the client would send (`use`) or what Lark answers (`fail`).
 */
function probeWithClock() {
  let now = T0;
  const watch = createTokenWatch(() => now);
  let answer: (() => void) | null = null;
  return {
    watch,
    advance: (ms: number) => {
      now += ms;
    },
    /** The next call goes out with this token and is accepted. */
    use(token: string) {
      answer = () => watch.used(token);
    },
    /** The next call is refused by Lark with this code. */
    refuse(code: number, httpStatus = 400) {
      answer = () => {
        throw LarkCallFailed.from({
          kind: 'permanent',
          reason: 'auth',
          endpointId: 'bot.info',
          method: 'GET',
          path: '/open-apis/bot/v3/info',
          httpStatus,
          code,
          msg: 'Invalid access token for authorization. Please make a request with token attached',
        });
      };
    },
    run: () =>
      observeTokenRefresh({
        watch,
        call: async () => {
          answer?.();
        },
      }),
  };
}

describe('observeTokenRefresh', () => {
  it('passes while the client renews before expiry, and says by how much', async () => {
    const probe = probeWithClock();
    probe.watch.issued('t-one', 7200);
    probe.use('t-one');
    await probe.run();
    probe.advance(7_000_000);
    probe.watch.issued('t-two', 7200);
    probe.use('t-two');

    const [result] = await probe.run();

    expect(result).toMatchObject({ key: 'lark.token_refresh', status: 'ok' });
    expect(result?.detail).toMatch(/renewed 1 time\(s\).*smallest margin at renewal 200 s/);
  });

  it.each([99991663, 99991661, 99991671])('fails when Lark refuses the cached token (%i)', async (code) => {
    const probe = probeWithClock();
    probe.watch.issued('t-one', 7200);
    probe.refuse(code);

    const [result, ...rest] = await probe.run();

    expect(rest).toEqual([]);
    expect(result).toMatchObject({ key: 'lark.token_refresh', status: 'failing' });
    expect(result?.detail).toMatch(/Lark refused the cached token .*code \d+/);
    expect(result?.causes).toBeUndefined();
  });

  it('fails when a call went out with a token past its expiry, even if Lark took it', async () => {
    const probe = probeWithClock();
    probe.watch.issued('t-one', 60);
    probe.use('t-one');
    expect((await probe.run())[0]?.status).toBe('ok');
    probe.advance(61_000);
    probe.use('t-one');

    const [result] = await probe.run();

    expect(result).toMatchObject({
      key: 'lark.token_refresh',
      status: 'failing',
      detail: '1 call(s) used an expired token and 0 renewal(s) came after expiry',
    });
  });

  it('fails when the client moved to a new token only after the old one had expired', async () => {
    const probe = probeWithClock();
    probe.watch.issued('t-one', 60);
    probe.use('t-one');
    await probe.run();
    probe.advance(61_000);
    probe.watch.issued('t-two', 60);
    probe.use('t-two');

    const [result] = await probe.run();

    expect(result).toMatchObject({
      key: 'lark.token_refresh',
      status: 'failing',
      detail: '0 call(s) used an expired token and 1 renewal(s) came after expiry',
    });
  });

  it('any other failure is not blamed on the token refresh: it names lark.token as the likely cause', async () => {
    const probe = probeWithClock();
    probe.refuse(0, 503);

    const [result] = await probe.run();

    expect(result).toMatchObject({ key: 'lark.token_refresh', status: 'failing', causes: ['lark.token'] });
  });
});

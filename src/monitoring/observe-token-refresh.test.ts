import { describe, expect, it } from 'vitest';
import { T0 } from '../../test/monitoring/make-alert.js';
import { LarkCallFailed } from '../ports/lark-call-failed.js';
import { createTokenWatch } from './create-token-watch.js';
import { observeTokenRefresh } from './observe-token-refresh.js';

/**
 * The long-lived client as the check sees it: a token watch fed by the client's traffic, and the check's
 * authenticated call, which here replays what the client would send (`use`) or what Lark answers (`fail`).
 */
function checkWithClock() {
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
    const check = checkWithClock();
    check.watch.issued('t-one', 7200);
    check.use('t-one');
    await check.run();
    check.advance(7_000_000);
    check.watch.issued('t-two', 7200);
    check.use('t-two');

    const [result] = await check.run();

    expect(result).toMatchObject({ key: 'lark.token_refresh', status: 'ok' });
    expect(result?.detail).toMatch(/renewed 1 time\(s\).*smallest margin at renewal 200 s/);
  });

  it.each([99991663, 99991661, 99991671])('fails when Lark refuses the cached token (%i)', async (code) => {
    const check = checkWithClock();
    check.watch.issued('t-one', 7200);
    check.refuse(code);

    const [result, ...rest] = await check.run();

    expect(rest).toEqual([]);
    expect(result).toMatchObject({ key: 'lark.token_refresh', status: 'failing' });
    expect(result?.detail).toMatch(/Lark refused the cached token .*code \d+/);
    expect(result?.causes).toBeUndefined();
  });

  it('fails when a call went out with a token past its expiry, even if Lark took it', async () => {
    const check = checkWithClock();
    check.watch.issued('t-one', 60);
    check.use('t-one');
    expect((await check.run())[0]?.status).toBe('ok');
    check.advance(61_000);
    check.use('t-one');

    const [result] = await check.run();

    expect(result).toMatchObject({
      key: 'lark.token_refresh',
      status: 'failing',
      detail: '1 call(s) used an expired token and 0 renewal(s) came after expiry',
    });
  });

  it('fails when the client moved to a new token only after the old one had expired', async () => {
    const check = checkWithClock();
    check.watch.issued('t-one', 60);
    check.use('t-one');
    await check.run();
    check.advance(61_000);
    check.watch.issued('t-two', 60);
    check.use('t-two');

    const [result] = await check.run();

    expect(result).toMatchObject({
      key: 'lark.token_refresh',
      status: 'failing',
      detail: '0 call(s) used an expired token and 1 renewal(s) came after expiry',
    });
  });

  it('any other failure is not blamed on the token refresh: it names lark.token as the likely cause', async () => {
    const check = checkWithClock();
    check.refuse(0, 503);

    const [result] = await check.run();

    expect(result).toMatchObject({ key: 'lark.token_refresh', status: 'failing', causes: ['lark.token'] });
  });
});

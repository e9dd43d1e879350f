import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** How a push went. `status` is 0 when no HTTP answer arrived; `failure` then says why. */
export type BotAnswer = {
  status: number;
  body: string;
  latencyMs: number;
  failure: 'timeout' | 'connect' | 'aborted' | 'invalid_url' | undefined;
  error: string | undefined;
};

const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * POSTs one push to the bot and waits at most `timeoutMs` for the whole answer (Lark: 3 s overall,
 * docs/reference/lark-api.md §4). A fresh connection per push (no keep-alive), as each Lark delivery is independent.
 */
export function postToBot(
  url: string,
  push: { body: string; headers: Record<string, string> },
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<BotAnswer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (answer: Omit<BotAnswer, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve({ ...answer, latencyMs: elapsed() });
    };
    const fail = (failure: NonNullable<BotAnswer['failure']>, error: string) =>
      finish({ status: 0, body: '', failure, error });

    let target: URL;
    try {
      target = new URL(url);
    } catch {
      fail('invalid_url', `invalid push URL ${JSON.stringify(url)}`);
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      agent: false,
      headers: { ...push.headers, 'Content-Length': String(Buffer.byteLength(push.body, 'utf8')) },
    });
    timer = setTimeout(() => {
      fail('timeout', `no answer within ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    const onAbort = () => {
      fail('aborted', 'the emulator is closing');
      req.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();

    req.on('error', (error: NodeJS.ErrnoException) => {
      const connect = ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND'].includes(error.code ?? '');
      fail(connect ? 'connect' : 'aborted', error.message);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      res.on('end', () =>
        finish({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          failure: undefined,
          error: undefined,
        }),
      );
      res.on('error', (error) => fail('aborted', error.message));
    });
    req.end(push.body);
  });
}

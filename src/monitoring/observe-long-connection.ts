import type { Observation } from '../domain/alert.js';

/** What the long-connection receiver knows about its socket. */
export type LongConnectionStatus = {
  state: 'connecting' | 'connected' | 'down' | 'failed';
  /** Since when it has not been connected (epoch ms); null while connected. */
  downSinceMs: number | null;
};

/**
 * `lark.ws`: the long connection (`lark.transport: ws`) is how Lark reaches the bot, so one that has been
 * down for longer than `graceMs` (the probe interval) fails like a Lark outage and pages. A short drop is
 * normal (Lark's gateway recycles connections; the SDK reconnects). `failed` (the SDK gave up: a refused app
 * secret, or the connection limit) fails at once.
 */
export function observeLongConnection(
  status: LongConnectionStatus,
  nowMs: number,
  graceMs: number,
): Observation[] {
  if (status.state === 'failed') {
    return [
      {
        key: 'lark.ws',
        status: 'failing',
        detail: 'the long connection to Lark gave up (app credentials refused, or too many connections)',
      },
    ];
  }
  if (status.state === 'connected' || status.downSinceMs === null) {
    return [{ key: 'lark.ws', status: 'ok', detail: '' }];
  }
  const downMs = nowMs - status.downSinceMs;
  if (downMs <= graceMs) return [{ key: 'lark.ws', status: 'ok', detail: '' }];
  return [
    {
      key: 'lark.ws',
      status: 'failing',
      detail: `no long connection to Lark for ${Math.round(downMs / 1000)} s: events and clicks are not reaching the bot`,
    },
  ];
}

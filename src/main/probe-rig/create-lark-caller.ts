import type { ProbeRig } from '../../evidence/probe.js';
import { EgressDeniedError } from '../../lark/egress-denied-error.js';
import type { Runtime } from '../create-runtime.js';

/**
 * Calls Lark through the runtime's real client (endpoint allowlist, rate limiter), and asks the emulator
 * whether the call reached it.
 */
export function createLarkCaller(runtime: Runtime, emulatorUrl: string): ProbeRig['callLark'] {
  return async (method, path) => {
    const seen = async () =>
      (
        (await (await fetch(`${emulatorUrl}/__emulator/requests`)).json()) as {
          items: { path: string }[];
        }
      ).items.filter((item) => item.path === path).length;
    const before = await seen();
    try {
      await runtime.lark.httpInstance.request({ method, url: `${runtime.lark.origin}${path}`, data: {} });
      return { denied: false, reached: (await seen()) > before, message: 'the call was sent' };
    } catch (error) {
      return {
        denied: error instanceof EgressDeniedError,
        reached: (await seen()) > before,
        message: (error as Error).message,
      };
    }
  };
}

import type { Logger } from 'pino';

type SdkLogger = Record<'error' | 'warn' | 'info' | 'debug' | 'trace', (...msg: unknown[]) => void>;

/**
 * Routes the Lark SDK's own log lines into pino instead of the console, so they share redaction and the
 * canary scan. The SDK only ever sees Larkgate's safe LarkApiErrors (the HTTP layer replaces axios errors).
 */
export function createSdkLogger(logger: Logger): SdkLogger {
  const child = logger.child({ component: 'lark-sdk' });
  const line = (msg: unknown[]) => ({
    sdk: msg.map((part) => (part instanceof Error ? part.message : part)),
  });
  return {
    error: (...msg) => child.warn(line(msg), 'lark sdk error'),
    warn: (...msg) => child.warn(line(msg), 'lark sdk warning'),
    info: (...msg) => child.debug(line(msg), 'lark sdk info'),
    debug: (...msg) => child.debug(line(msg), 'lark sdk debug'),
    trace: (...msg) => child.trace(line(msg), 'lark sdk trace'),
  };
}

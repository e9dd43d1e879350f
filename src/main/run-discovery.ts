import { ConfigError } from '../config/config-error.js';
import { createDiscoveryGateway, type DiscoveryGateway } from '../lark/create-discovery-gateway.js';
import { createLarkClient, type LarkClient } from '../lark/create-lark-client.js';
import { DISCOVERY_ENDPOINTS } from '../lark/discovery-endpoints.js';
import { LarkApiError } from '../lark/lark-api-error.js';
import { createLocalRateLimiter } from '../monitoring/create-local-rate-limiter.js';
import type { CommandOutput } from './command-output.js';
import { EXIT } from './exit-codes.js';
import { type LarkApp, readLarkApp } from './read-lark-app.js';

const quiet = (): void => undefined;
const SILENT = { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet };

export type Discovery = { app: LarkApp; lark: LarkClient; gateway: DiscoveryGateway };

/**
 * Runs one `larkgate lark …` command: reads the app from the config, builds the real SDK client (allowlisted
 * to DISCOVERY_ENDPOINTS, in-process rate limiter, no Redis) and maps failures to what to do. Exit codes: 0
 * done, 1 Lark refused or could not be reached, 2 the config's `app:` section is unusable.
 */
export async function runDiscovery(
  command: string,
  configPath: string,
  output: CommandOutput,
  setExit: (code: number) => void,
  body: (discovery: Discovery) => Promise<number>,
): Promise<void> {
  let app: LarkApp;
  try {
    app = await readLarkApp(configPath, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    output.err(`larkgate lark ${command}: config error: ${error.message}\n`);
    setExit(EXIT.usage);
    return;
  }
  const lark = createLarkClient({
    appId: app.appId,
    appSecret: app.appSecret,
    domain: app.domain,
    endpoints: DISCOVERY_ENDPOINTS,
    rateLimiter: createLocalRateLimiter(),
    maxRateLimitWaitMs: 10_000,
    timeoutMs: 10_000,
    onEgressDenied: () => undefined,
    // The SDK logs each failed call itself; the command prints one line with what to do instead.
    logger: SILENT,
  });
  try {
    setExit(await body({ app, lark, gateway: createDiscoveryGateway(lark.client) }));
  } catch (error) {
    if (!(error instanceof LarkApiError)) throw error;
    output.err(`larkgate lark ${command}: ${error.message}\n${hintFor(error)}`);
    setExit(EXIT.failure);
  }
}

/** What to do about the refusals a fresh set-up meets (docs/reference/lark-api.md §2.6, §8; docs/setup-lark-app.md). */
export function hintFor(error: LarkApiError): string {
  const code = error.code;
  if (error.endpointId === 'auth.tenant_access_token' || code === 10014 || code === 10003) {
    return 'Hint: check app.app_id and the app secret (Credentials & Basic Info), and that the app has a published version.\n';
  }
  if (code === 99991672)
    return 'Hint: the app lacks a scope for this call: add it, publish a version and have it approved.\n';
  if (code === 1254302 || code === 1254040) {
    return 'Hint: share the Base with the app (Base → … → Add document app / More → Add apps) and check the token.\n';
  }
  if (code === 212100)
    return 'Hint: the app is not installed in this tenant: publish a version and have it approved.\n';
  if (error.httpStatus === 0) return 'Hint: Lark did not answer: check app.domain and the network.\n';
  return '';
}

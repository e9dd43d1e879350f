import { join } from 'node:path';
import { startEmulator } from '../../emulator/create-emulator.js';
import { sealPush } from '../../emulator/events/seal-push.js';
import { loadSeedFile } from '../../emulator/seed.js';
import type { LarkWithSecret } from '../app/drills/drill-secret-rotation.js';
import type { RotationDrillDeps } from '../app/drills/record-rotation-drill.js';
import { Secret } from '../config/secret.js';
import { receiveLarkPush } from '../http/receive-lark-push.js';
import { createLarkClient } from '../lark/create-lark-client.js';
import { createLocalRateLimiter } from '../monitoring/create-local-rate-limiter.js';
import { fetchTenantToken } from '../monitoring/fetch-tenant-token.js';
import type { Runtime } from './create-runtime.js';
import { selectAppSecret } from './select-app-secret.js';
import { REPO_DIR } from './start-demo.js';

/**
 * The secret-rotation drill's world (`larkgate drill rotate-secrets`, readiness gate 6): throwaway emulators
 * that each accept one app secret, the emulator's push sealer, and the real verification and selection.
 */
export function createRotationDrillDeps(runtime: Runtime): RotationDrillDeps {
  return {
    clock: runtime.clock,
    append: (input) => runtime.auditLog.append(input),
    startLark: startLarkWithSecret,
    selectAppSecret,
    sealPush,
    receivePush: receiveLarkPush,
  };
}

/** A throwaway emulator that accepts exactly one app secret, and a real Lark client to ask it for tokens. */
async function startLarkWithSecret(appSecret: string): Promise<LarkWithSecret> {
  const demo = await loadSeedFile(join(REPO_DIR, 'config/emulator/demo-seed.yaml'));
  const emulator = await startEmulator(
    { ...demo, app: { ...demo.app, app_secret: appSecret }, bases: [] },
    { port: 0, host: '127.0.0.1', rateLimits: false },
  );
  const client = createLarkClient({
    appId: demo.app.app_id,
    appSecret: new Secret(appSecret, 'secret://drill/lark'),
    domain: emulator.url,
    endpoints: [
      {
        id: 'auth.tenant_access_token',
        method: 'POST',
        path: '/open-apis/auth/v3/tenant_access_token/internal',
        used_by: ['drill'],
      },
    ],
    rateLimiter: createLocalRateLimiter({ minGapMs: 0 }),
    onEgressDenied: () => undefined,
    maxRateLimitWaitMs: 10_000,
  });
  return {
    accepts: (secret) =>
      fetchTenantToken(client, { appId: demo.app.app_id, appSecret: secret }).then(
        () => true,
        () => false,
      ),
    close: () => emulator.close(),
  };
}

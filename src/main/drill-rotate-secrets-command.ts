import { join } from 'node:path';
import type { Command } from 'commander';
import { startEmulator } from '../../emulator/create-emulator.js';
import { loadSeedFile } from '../../emulator/seed.js';
import {
  drillSecretRotation,
  type LarkWithSecret,
  type RotationDrillResult,
} from '../app/drills/drill-secret-rotation.js';
import { Secret } from '../config/secret.js';
import type { AuditEvent } from '../domain/audit-event.js';
import { createLarkClient } from '../lark/create-lark-client.js';
import { createLocalRateLimiter } from '../monitoring/create-local-rate-limiter.js';
import { fetchTenantToken } from '../monitoring/fetch-tenant-token.js';
import { type CommandOutput, processOutput } from './command-output.js';
import type { Runtime } from './create-runtime.js';
import { EXIT } from './exit-codes.js';
import { runOnce } from './run-once.js';
import { selectAppSecret } from './select-app-secret.js';
import { REPO_DIR } from './start-demo.js';

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

export type RotationDrillRecord = { result: RotationDrillResult; event: AuditEvent };

/** Runs the rotation drill and records it as `drill.passed` / `drill.failed` (drill: secret-rotation). */
export async function recordRotationDrill(runtime: Runtime): Promise<RotationDrillRecord> {
  const result = await drillSecretRotation({
    now: runtime.clock(),
    startLark: startLarkWithSecret,
    selectAppSecret,
  });
  const event = await runtime.auditLog.append({
    type: result.passed ? 'drill.passed' : 'drill.failed',
    actor: 'drill',
    requestId: null,
    details: {
      drill: 'secret-rotation',
      secrets: ['app_secret', 'encrypt_key'],
      steps: result.steps.map((step) => ({
        secret: step.secret,
        phase: step.phase,
        what: step.what,
        expected: step.expected,
        observed: step.observed,
      })),
    },
  });
  return { result, event };
}

/**
 * `larkgate drill rotate-secrets --config <file> [--json]`: the rotation drill for the app secret and the
 * encrypt key (old and new accepted during a bounded overlap, then the old refused), with throwaway
 * secrets against an embedded emulator, through the real verification and selection code; recorded as
 * evidence. Also reports the deployment's own rotation state. Exit 0 passed, 1 failed.
 */
export function registerDrillRotateSecretsCommand(
  program: Command,
  setExit: (code: number) => void,
  output: CommandOutput = processOutput,
): void {
  const drill =
    program.commands.find((command) => command.name() === 'drill') ??
    program.command('drill').description('rehearse what must work on a bad day, and record it as evidence');
  drill
    .command('rotate-secrets')
    .description(
      'drill the app-secret and encrypt-key rotation overlap (throwaway secrets, embedded emulator)',
    )
    .requiredOption('--config <file>', 'larkgate.yaml (where the result is recorded)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { config: string; json?: boolean }) => {
      await runOnce('drill', opts.config, setExit, async (runtime) => {
        const { result, event } = await recordRotationDrill(runtime);
        const state = describeRotation(runtime);
        if (opts.json) {
          output.out(
            `${JSON.stringify({ passed: result.passed, steps: result.steps, deployment: state, recorded: { type: event.type, chain: event.chain, seq: event.seq } })}\n`,
          );
        } else {
          const lines = [`Secret rotation drill: ${result.passed ? 'PASSED' : 'FAILED'}`];
          for (const step of result.steps) {
            lines.push(
              `  ${step.ok ? 'ok  ' : 'FAIL'} ${step.secret.padEnd(11)} ${step.phase.padEnd(7)} ${step.what}: expected ${step.expected}, ${step.observed}`,
            );
          }
          lines.push(`This deployment: ${state}`);
          lines.push(`Recorded as evidence: ${event.type} ${event.chain}#${event.seq}`);
          output.out(`${lines.join('\n')}\n`);
        }
        return result.passed ? EXIT.ok : EXIT.failure;
      });
    });
}

function describeRotation(runtime: Runtime): string {
  const { rotation } = runtime;
  if (!rotation) return 'no rotation in progress (no app.*_previous configured)';
  const which = [rotation.appSecret ? 'app_secret' : null, rotation.encryptKey ? 'encrypt_key' : null]
    .filter((name) => name !== null)
    .join(' and ');
  const until = new Date(rotation.validUntilMs).toISOString();
  return runtime.clock() < rotation.validUntilMs
    ? `rotating ${which}: the previous value is accepted until ${until}`
    : `the overlap for ${which} ended at ${until}: the previous value is refused; remove app.*_previous and previous_valid_until`;
}

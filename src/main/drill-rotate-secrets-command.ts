import type { Command } from 'commander';
import { recordRotationDrill } from '../app/drills/record-rotation-drill.js';
import { type CommandOutput, processOutput } from './command-output.js';
import { createRotationDrillDeps } from './create-rotation-drill-deps.js';
import type { Runtime } from './create-runtime.js';
import { EXIT } from './exit-codes.js';
import { runOnce } from './run-once.js';

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
        const { result, event } = await recordRotationDrill(createRotationDrillDeps(runtime));
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

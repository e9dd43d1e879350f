import type { Request, Response } from 'express';
import type { ReadinessCheck } from './readiness-check.js';

const CHECK_TIMEOUT_MS = 3_000;

/**
 * `GET /readyz`: every named check at once, each with a deadline. 200 `{ready: true, checks}` when all pass,
 * else 503 `{ready: false, why, checks}`: `why` joins the reasons, `checks` says per check `ok` or why not.
 * No policy in force is always a reason (the policy source fails closed).
 */
export function createReadyzRoute(deps: {
  policyProblem: () => string | null;
  readiness: readonly ReadinessCheck[];
  timeoutMs?: number;
}) {
  const timeoutMs = deps.timeoutMs ?? CHECK_TIMEOUT_MS;
  return async (_req: Request, res: Response): Promise<void> => {
    const policy: ReadinessCheck = {
      name: 'policy',
      check: async () => {
        const problem = deps.policyProblem();
        return problem === null ? null : `no policy in force: ${problem}`;
      },
    };
    const results = await Promise.all(
      [policy, ...deps.readiness].map(async (check) => [check.name, await run(check, timeoutMs)] as const),
    );
    const reasons = results.flatMap(([, reason]) => (reason === null ? [] : [reason]));
    const checks = Object.fromEntries(results.map(([name, reason]) => [name, reason ?? 'ok']));
    res
      .status(reasons.length === 0 ? 200 : 503)
      .json(
        reasons.length === 0 ? { ready: true, checks } : { ready: false, why: reasons.join('; '), checks },
      );
  };
}

async function run(check: ReadinessCheck, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check.check(),
      new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`${check.name}: no answer within ${timeoutMs} ms`), timeoutMs);
      }),
    ]);
  } catch (error) {
    return `${check.name}: check failed: ${(error as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}

import type { GuardEvidence } from '../src/domain/guard.js';
import type { CommonDeps } from '../src/ports/common-deps.js';

/** The guard's evidence, or undefined (none) when it cannot be read: the guard then fails closed. */
export async function readGuardEvidence(
  deps: Pick<CommonDeps, 'guardEvidence' | 'logger'>,
): Promise<GuardEvidence | undefined> {
  if (!deps.guardEvidence) return undefined;
  try {
    return await deps.guardEvidence();
  } catch (error) {
    deps.logger.warn(
      { err: (error as Error).message },
      'cannot read the guard evidence: tiered writes are refused',
    );
    return undefined;
  }
}

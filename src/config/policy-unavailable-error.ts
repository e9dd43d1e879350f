/**
 * Thrown where a policy is needed but none is in force (it could not be loaded, validated, or did not match
 * its pin). Nothing that needs the policy goes ahead: HTTP answers 503, a job is retried later.
 */
export class PolicyUnavailableError extends Error {
  readonly code = 'policy_unavailable';
  constructor(readonly problem: string) {
    super(`no policy in force: ${problem}`);
    this.name = 'PolicyUnavailableError';
  }
}

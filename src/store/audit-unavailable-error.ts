/** A failure of one sink while writing one audit event. */
export type AuditSinkFailure = { sink: string; error: unknown };

/**
 * No audit sink could record the event, so the action it guards must not happen (Vault's rule: a
 * request that cannot be audited is refused). Callers match on `code`.
 */
export class AuditUnavailableError extends Error {
  readonly code = 'audit_unavailable' as const;
  readonly failures: readonly AuditSinkFailure[];

  constructor(message: string, failures: readonly AuditSinkFailure[] = []) {
    super(message, {
      cause: new AggregateError(
        failures.map((failure) => failure.error),
        message,
      ),
    });
    this.name = 'AuditUnavailableError';
    this.failures = failures;
  }
}

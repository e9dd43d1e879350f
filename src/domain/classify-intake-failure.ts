/**
 * Why an intake job gave up, in words a requester can act on. The raw error text never reaches the chat:
 * it may carry Lark's message, a Base value or worse, so only these codes leave the worker.
 */
export type IntakeFailureCause =
  | 'base_unavailable'
  | 'base_rate_limited'
  | 'lark_unavailable'
  | 'lark_refused'
  | 'audit_unavailable'
  | 'policy_unavailable'
  | 'worker_stopped'
  | 'internal';

/** What is known of the last error: its class name and, for a Lark call, the endpoint and Lark's kind. */
export type IntakeFailureFacts = {
  name: string;
  endpointId?: string | undefined;
  kind?: string | undefined;
  /** BullMQ failed the job because it stalled too often (its worker kept dying). */
  stalled?: boolean;
};

/** Maps the facts of a final failure to its cause (pure; unknown shapes are `internal`). */
export function classifyIntakeFailure(facts: IntakeFailureFacts): IntakeFailureCause {
  if (facts.stalled) return 'worker_stopped';
  switch (facts.name) {
    case 'AuditUnavailableError':
      return 'audit_unavailable';
    case 'PolicyUnavailableError':
      return 'policy_unavailable';
    case 'LarkApiError': {
      if (facts.kind === 'auth' || facts.kind === 'permission') return 'lark_refused';
      const base = facts.endpointId?.startsWith('bitable.') === true;
      if (base) return facts.kind === 'rate_limited' ? 'base_rate_limited' : 'base_unavailable';
      return 'lark_unavailable';
    }
    default:
      return 'internal';
  }
}

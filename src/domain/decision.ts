import { type Message, renderMessage } from './i18n/message.js';

/** Every reason the guard can refuse an action. Each one has a probe in `larkgate probes`. */
export const DENIAL_CODES = [
  'unknown_action',
  'not_a_request_chat',
  'unknown_base',
  'unknown_table',
  'ambiguous_target',
  'tier_forbids_writes',
  'stage_forbids_writes',
  'stage_limited_requester',
  'stage_limited_op',
  'stage_limited_ceiling',
  'requester_not_allowed',
  'over_record_ceiling',
  'self_approval',
  'approver_not_allowed',
  'request_not_pending',
  'request_expired',
  'scope_mismatch',
  'already_voted',
  'artefact_missing',
  'artefact_used',
  'artefact_scope_mismatch',
  'batch_over_ceiling',
  'marker_not_configured',
  'marker_missing',
  'schema_outside_sandbox',
  'drill_overdue',
  'drill_outside_sandbox',
  'agent_not_allowed',
  'agent_base_not_allowed',
  'agent_read_only',
  'agent_over_record_ceiling',
] as const;

export type DenialCode = (typeof DENIAL_CODES)[number];

/**
 * One reason for a refusal: `message` in English (audit, logs, MCP), and `reason`, the same as a catalogue
 * message, so a chat reply can say it in the reader's language. A denial only ever shown to agents or
 * the drill runner may carry English alone.
 */
export type Denial = { code: DenialCode; message: string; reason?: Message };

/** The guard's answer: a value, never an exception. */
export type Decision = { allow: true; notes: string[] } | { allow: false; denials: Denial[] };

export function allow(...notes: string[]): Decision {
  return { allow: true, notes };
}

export function deny(code: DenialCode, reason: string | Message): Decision {
  if (typeof reason === 'string') return { allow: false, denials: [{ code, message: reason }] };
  return { allow: false, denials: [{ code, message: renderMessage(reason, 'en_us'), reason }] };
}

/** Denials as the audit log records them: code and English message (the catalogue form is for replies). */
export function auditedDenials(denials: readonly Denial[]): { code: DenialCode; message: string }[] {
  return denials.map(({ code, message }) => ({ code, message }));
}

/** Joins several checks: allowed only when every one allows; denials accumulate. */
export function combine(decisions: readonly Decision[]): Decision {
  const denials = decisions.flatMap((decision) => (decision.allow ? [] : decision.denials));
  if (denials.length > 0) return { allow: false, denials };
  return { allow: true, notes: decisions.flatMap((decision) => (decision.allow ? decision.notes : [])) };
}

import { CONFIG_PROBLEMS } from '../config/config-error.js';
import { DENIAL_CODES } from '../domain/decision.js';
import { PRE_VERIFY_REFUSALS } from '../http/create-refusal-tally.js';
import { AUTH_DENIAL_REASONS } from '../http/receive-lark-push.js';
import { AUDIT_VERIFY_REFUSALS } from './probes-audit.js';

/**
 * Refusals the handlers make themselves, around the guard: a card button lifted from another message, an
 * action that cannot be audited (no audit, no action), a live op whose backup cannot be taken (no backup,
 * no write), a rollback whose backup fails its integrity check (never restored), a job a worker holds while
 * no policy is in force; hostile text (chat input, Base values) shown inert in everything the bot posts.
 */
export const HANDLER_REFUSALS = [
  'button_from_another_message',
  'audit.unavailable',
  'backup.unavailable',
  'backup.unusable',
  'policy.held',
  'text.inert',
] as const;

/**
 * Every point where Larkgate refuses, by the name probes report it under: each guard denial code, each
 * handler refusal, each reason a push is refused, the parser, the egress allowlist, the policy source
 * (unloadable, pin mismatch), every config problem by its code, promotion, and `audit verify` on a
 * tampered log. A refusal point no probe
 * covers fails the test suite, and so does a refusal a probe saw that is not listed here.
 */
export const REFUSAL_POINTS: readonly string[] = [
  ...new Set([
    ...DENIAL_CODES,
    ...HANDLER_REFUSALS,
    ...AUTH_DENIAL_REASONS.map((reason) => `auth.${reason}`),
    ...PRE_VERIFY_REFUSALS.map((reason) => `auth.${reason}`),
    'parse.refused',
    'egress.denied',
    'policy.unavailable',
    'policy.pin_mismatch',
    ...CONFIG_PROBLEMS,
    'promotion.refused',
    ...AUDIT_VERIFY_REFUSALS,
  ]),
];

import type { ConfigError } from '../config/config-error.js';
import { DENIAL_CODES } from '../domain/decision.js';
import { AUTH_DENIAL_REASONS } from '../http/receive-lark-push.js';

/** How a config refusal is named in probe results: the kind of problem, from the loader's message. */
export const CONFIG_REFUSALS = [
  'config.literal_secret',
  'config.unparsable',
  'config.unknown_key',
  'config.tier_violation',
] as const;

/**
 * Every point where Larkgate refuses, by the name probes report it under: each guard denial code, each
 * reason a push is refused, the parser, the egress allowlist, the policy source (unloadable, pin
 * mismatch), config validation and promotion. A refusal point no probe covers fails the test suite.
 */
export const REFUSAL_POINTS: readonly string[] = [
  ...DENIAL_CODES,
  ...AUTH_DENIAL_REASONS.map((reason) => `auth.${reason}`),
  'parse.refused',
  'egress.denied',
  'policy.unavailable',
  'policy.pin_mismatch',
  ...CONFIG_REFUSALS,
  'promotion.refused',
];

/** Names a ConfigError by its kind (see CONFIG_REFUSALS); `config.invalid` for any other problem. */
export function classifyConfigError(error: ConfigError): string {
  if (/literal secret|holds a password/.test(error.problem)) return 'config.literal_secret';
  if (/not valid YAML/.test(error.problem)) return 'config.unparsable';
  if (/unknown key/.test(error.problem)) return 'config.unknown_key';
  if (/looser than its tier/.test(error.problem)) return 'config.tier_violation';
  return 'config.invalid';
}

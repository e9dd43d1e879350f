/**
 * Every kind of configuration problem, by a stable code: what `larkgate probes` reports a config refusal
 * under and what its refusal-point list names (src/evidence/refusal-points.ts). A new rule takes a code
 * from here or adds one, and an added code without a probe fails the probes' test.
 */
export const CONFIG_PROBLEMS = [
  /** A config file is missing or cannot be read. */
  'config.file_unreadable',
  /** Not valid YAML. */
  'config.unparsable',
  /** A key the schema does not know (a typo that would be silently ignored elsewhere). */
  'config.unknown_key',
  /** A required key is absent. */
  'config.missing_key',
  /** A secret written as a value where a secret:// reference belongs (or a Redis URL with a password). */
  'config.literal_secret',
  /** A value of the wrong type, shape or range. */
  'config.invalid_value',
  /** An alias, app_token or endpoint id given twice. */
  'config.duplicate',
  /** A base names an approver group that is not defined. */
  'config.unknown_group',
  /** A base in the `limited` stage without its `limited:` block. */
  'config.limited_block_missing',
  /** A base whose controls are looser than its tier. */
  'config.tier_violation',
  /** An allowed endpoint without a rate limit in lark-api-limits.yaml. */
  'config.endpoint_without_limit',
  /** auth.tenant_access_token is not an allowed endpoint, so no call could be made. */
  'config.token_endpoint_missing',
  /** The scheduled drill names a base that is not staging. */
  'config.drill_base_not_staging',
  /** A secret:// reference that does not resolve (variable unset, file unreadable or empty). */
  'config.secret_unresolved',
  /** A rotation overlap (previous_valid_until) longer than 7 days. */
  'config.rotation_overlap_too_long',
  /** Lark accepts no configured app secret (the previous one only within its overlap). */
  'config.app_secret_refused',
  /** LARKGATE_POLICY_PIN is not the 64 hex digits of a policy hash. */
  'config.pin_malformed',
  /** The loaded policy is not the pinned one (the same rule as the policy source's reload check). */
  'policy.pin_mismatch',
  /** A backup recipient's public key cannot be read or used. */
  'config.backup_key_unusable',
  /** Monitoring is on but there is no on-call chat to page. */
  'config.oncall_missing',
  /** A base alias that the config does not have (promote, set the stage). */
  'config.unknown_base',
  /** A command that cannot run with this deployment (the outage drill against a real tenant). */
  'config.command_not_applicable',
  /** An agent looser than a base's tier allows, or naming a base, chat or sponsor that cannot be. */
  'config.agent_violation',
] as const;

export type ConfigProblem = (typeof CONFIG_PROBLEMS)[number];

/** A configuration problem: which file, which key, how to fix it, and its kind. Exit code 2. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly problem: string,
    readonly code: ConfigProblem,
  ) {
    super(`${file}: ${key || '(top level)'}: ${problem}`);
    this.name = 'ConfigError';
  }
}

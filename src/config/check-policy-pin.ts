import { ConfigError } from './config-error.js';

/** The environment variable that pins the policy: the sha256 (hex) of the only policy this deployment may run. */
export const POLICY_PIN_ENV = 'LARKGATE_POLICY_PIN';
const PIN_PATTERN = /^[0-9a-f]{64}$/;

/** Reads the pin from the environment; unset or empty means no pin. A malformed pin is a config error. */
export function readPolicyPin(env: Readonly<Record<string, string | undefined>>): string | null {
  const value = env[POLICY_PIN_ENV]?.trim();
  if (value === undefined || value === '') return null;
  if (!PIN_PATTERN.test(value)) {
    throw new ConfigError(
      'environment',
      POLICY_PIN_ENV,
      'a policy pin is the 64 hex digits of a policy hash (see alignment.checked in the audit log, or larkgate readiness --json)',
      'config.pin_malformed',
    );
  }
  return value;
}

/**
 * Compares the loaded policy's hash with the pinned one. Returns why they differ, or null when there is
 * no pin or it matches. A pin that does not match means "not the policy that was reviewed": refuse it.
 */
export function checkPolicyPin(hash: string, pin: string | null): string | null {
  if (pin === null || hash === pin) return null;
  return `the policy's hash ${hash.slice(0, 12)}… does not match the pinned ${pin.slice(0, 12)}… (${POLICY_PIN_ENV}): load the reviewed policy or update the pin`;
}

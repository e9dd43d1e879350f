import type { MonitoringConfig } from '../config/monitoring-config.js';
import type { AlertRules } from '../domain/alert.js';

/** The alert state machine's rules from `monitoring:` in larkgate.yaml. */
export function buildAlertRules(config: MonitoringConfig): AlertRules {
  return {
    raiseAfter: config.raise_after,
    clearAfter: config.clear_after,
    reopenWithinMs: config.reopen_within,
    escalateAfterMs: config.escalate_after,
    escalates: config.escalate_to.length > 0,
  };
}

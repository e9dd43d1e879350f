import type { AlertDeliveryDeps } from './alert-delivery-deps.js';
import { deliverAlertCard } from './deliver-alert-card.js';
import { escalateAlert } from './escalate-alert.js';

/**
 * Brings one alert's card in the on-call chat up to date (a new card per episode, else a patch), then sends
 * the escalation it owes. What Lark does not take is retried next round.
 */
export async function deliverAlert(key: string, deps: AlertDeliveryDeps): Promise<void> {
  if (!(await deliverAlertCard(key, deps))) return;
  await escalateAlert(key, deps);
}

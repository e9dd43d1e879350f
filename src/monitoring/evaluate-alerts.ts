import type {
  Alert,
  AlertBook,
  AlertRules,
  AlertTransition,
  Observation,
  Severity,
} from '../domain/alert.js';

export type AlertRound = { book: AlertBook; transitions: AlertTransition[] };

/**
 * One round of the alert state machine (pure; the clock is passed in). Per condition key:
 *
 * 1. Observations of one key from several checks merge: failing if any fails, ok if one is ok and none
 *    fails, else unknown. A failing observation whose cause is failing this round is `caused`: the
 *    cause pages, its consequences do not. A consequence still pending is dropped (its failures so far
 *    were the cause's, and must not add up with a straggling failure once the cause clears); a firing
 *    one is left as it is, like an unknown round.
 * 2. pending → firing after `raiseAfter` failing rounds in a row; a pass before that drops it silently.
 * 3. firing → resolved after `clearAfter` passing rounds in a row; a failure resets the count, so a
 *    condition flapping faster than that stays one firing alert.
 * 4. resolved → firing again (same card, `flaps` + 1, no new page) when it fails within `reopenWithinMs`;
 *    later, a failure starts a new episode with a new card.
 * 5. A firing `page` alert that was delivered and is not acknowledged after `escalateAfterMs` owes an
 *    escalation.
 * Unknown rounds change nothing, and neither does a sample already counted (a synthetic check result seen again).
 * Resolved alerts are forgotten once delivered and past the reopen window.
 */
export function evaluateAlerts(
  book: AlertBook,
  observations: readonly Observation[],
  now: number,
  rules: AlertRules,
): AlertRound {
  const merged = mergeObservations(observations);
  const next: Record<string, Alert> = {};
  const transitions: AlertTransition[] = [];
  const keys = new Set([...Object.keys(book), ...merged.keys()]);

  for (const key of [...keys].sort()) {
    const observation = merged.get(key);
    const seenBefore = observation?.sample !== undefined && observation.sample === book[key]?.lastSample;
    const effective = observation && !seenBefore ? effectiveStatus(observation, merged) : 'unknown';
    if (effective === 'caused' && book[key]?.state === 'pending') continue;
    const status = effective === 'caused' ? 'unknown' : effective;
    const detail = observation?.detail ?? '';
    const severity: Severity = observation?.severity ?? book[key]?.severity ?? 'page';
    let alert = book[key];

    if (!alert) {
      if (status !== 'failing') continue;
      alert = newEpisode(key, detail, severity, now);
    } else if (alert.state === 'pending') {
      if (status === 'ok') continue;
      if (status === 'failing') alert = { ...alert, failures: alert.failures + 1, detail, severity };
    } else if (alert.state === 'firing') {
      if (status === 'failing') alert = { ...alert, passes: 0, detail, severity };
      if (status === 'ok') {
        alert = { ...alert, passes: alert.passes + 1 };
        if (alert.passes >= rules.clearAfter) {
          alert = { ...alert, state: 'resolved', resolvedAt: now, version: alert.version + 1 };
          transitions.push({ kind: 'resolved', key });
        }
      }
    } else if (status === 'failing') {
      const recent = alert.resolvedAt !== null && now - alert.resolvedAt <= rules.reopenWithinMs;
      if (recent) {
        alert = {
          ...alert,
          state: 'firing',
          detail,
          severity,
          passes: 0,
          resolvedAt: null,
          flaps: alert.flaps + 1,
          version: alert.version + 1,
        };
        transitions.push({ kind: 'reopened', key });
      } else {
        alert = newEpisode(key, detail, severity, now);
      }
    } else if (
      alert.resolvedAt !== null &&
      now - alert.resolvedAt > rules.reopenWithinMs &&
      alert.delivery.version >= alert.version
    ) {
      continue;
    }

    if (observation?.sample !== undefined && status !== 'unknown')
      alert = { ...alert, lastSample: observation.sample };
    if (alert.state === 'pending' && alert.failures >= rules.raiseAfter) {
      alert = { ...alert, state: 'firing', firedAt: now, version: alert.version + 1 };
      transitions.push({ kind: 'fired', key });
    }
    if (isEscalationDue(alert, now, rules)) {
      alert = { ...alert, escalationDue: true };
      transitions.push({ kind: 'escalation_due', key });
    }
    next[key] = alert;
  }
  return { book: next, transitions };
}

function newEpisode(key: string, detail: string, severity: Severity, now: number): Alert {
  return {
    key,
    incident: `${key}@${now}`,
    state: 'pending',
    severity,
    detail,
    since: now,
    failures: 1,
    passes: 0,
    firedAt: null,
    resolvedAt: null,
    ackedBy: null,
    ackedAt: null,
    flaps: 0,
    version: 0,
    escalationDue: false,
    delivery: { messageId: null, version: 0, pagedAt: null, escalatedAt: null, failures: 0, lastError: null },
  };
}

function isEscalationDue(alert: Alert, now: number, rules: AlertRules): boolean {
  return (
    rules.escalates &&
    alert.state === 'firing' &&
    alert.severity === 'page' &&
    alert.ackedBy === null &&
    !alert.escalationDue &&
    alert.delivery.pagedAt !== null &&
    now - alert.delivery.pagedAt >= rules.escalateAfterMs
  );
}

function mergeObservations(observations: readonly Observation[]): Map<string, Observation> {
  const merged = new Map<string, Observation>();
  for (const observation of observations) {
    const seen = merged.get(observation.key);
    if (!seen) {
      merged.set(observation.key, observation);
      continue;
    }
    const rank = { failing: 2, ok: 1, unknown: 0 } as const;
    const [winner, other] =
      rank[observation.status] > rank[seen.status] ? [observation, seen] : [seen, observation];
    merged.set(observation.key, {
      ...winner,
      detail:
        winner.status === 'failing' && other.status === 'failing' && other.detail !== winner.detail
          ? `${winner.detail}; ${other.detail}`
          : winner.detail,
      causes: [...(winner.causes ?? []), ...(other.causes ?? [])],
    });
  }
  return merged;
}

function effectiveStatus(
  observation: Observation,
  merged: Map<string, Observation>,
): Observation['status'] | 'caused' {
  if (observation.status !== 'failing') return observation.status;
  const caused = (observation.causes ?? []).some(
    (cause) => cause !== observation.key && merged.get(cause)?.status === 'failing',
  );
  return caused ? 'caused' : 'failing';
}

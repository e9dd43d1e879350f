import type { WritePlan } from './governed-request.js';

const USER_FIELD = 11;

/** Every person (open_id) the plan would write into a user field, once each, with the first field naming them. */
export function findWrittenPeople(plan: WritePlan): Array<{ field: string; openId: string }> {
  const people = new Map<string, string>();
  for (const field of plan.fields.filter((candidate) => candidate.type === USER_FIELD)) {
    for (const change of plan.changes) {
      const value = change.after?.[field.name];
      if (!Array.isArray(value)) continue;
      for (const openId of value) {
        if (typeof openId === 'string' && !people.has(openId)) people.set(openId, field.name);
      }
    }
  }
  return [...people].map(([openId, field]) => ({ field, openId }));
}

/** The record id in a write's answer; an answer without one is an error (it cannot be verified). */
export function recordIdOf(value: unknown, endpointId: string): string {
  if (typeof value !== 'string' || value === '')
    throw new Error(`${endpointId}: the answer has no record_id`);
  return value;
}

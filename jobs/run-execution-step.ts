import { isRecordsRequest } from '../src/domain/is-records-request.js';
import type { StoredRequest } from '../src/ports/request-store.js';
import type { LiveOpDeps } from './live-op-deps.js';
import { runRecordStep } from './run-record-step.js';
import { runSchemaStep } from './run-schema-step.js';

/** Advances an executing request by one persisted step, records or schema. */
export async function runExecutionStep(stored: StoredRequest, deps: LiveOpDeps): Promise<void> {
  if (isRecordsRequest(stored.request)) return runRecordStep(stored, stored.request, deps);
  return runSchemaStep(stored, deps);
}

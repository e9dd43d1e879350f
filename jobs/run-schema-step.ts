import type { StoredRequest } from '../src/store/create-request-store.js';
import { finishRequest } from './finish-request.js';
import type { LiveOpDeps } from './live-op-deps.js';

/** Schema ops on the sandbox (issue 4). Until they land, an approved schema request fails closed. */
export async function runSchemaStep(stored: StoredRequest, deps: LiveOpDeps): Promise<void> {
  await finishRequest(
    stored,
    'failed',
    { problem: 'schema operations are not available in this version' },
    deps,
  );
}

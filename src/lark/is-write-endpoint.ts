import type { AllowedEndpoint } from '../config/allowed-endpoints.js';

const READ_SUFFIXES = ['.get', '.list', '.search', '.batch_get', '.basic_batch', '.info'];

/**
 * Whether a call to this endpoint may change state in Lark. Search, batch_get and basic_batch are POSTs that only
 * read; the token call changes nothing we own. Anything not known to be a read counts as a write, so a
 * failure on it is treated as ambiguous rather than blindly retried.
 */
export function isWriteEndpoint(endpoint: Pick<AllowedEndpoint, 'id' | 'method'>): boolean {
  if (endpoint.method === 'GET') return false;
  if (endpoint.id === 'auth.tenant_access_token') return false;
  return !READ_SUFFIXES.some((suffix) => endpoint.id.endsWith(suffix));
}

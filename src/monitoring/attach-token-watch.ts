import type { AxiosInstance } from 'axios';
import type { TokenWatch } from './create-token-watch.js';

/**
 * Lets a token watch see a Lark client's traffic: the Bearer token of each call going out, and each token
 * the token endpoint hands back (after the client's own interceptors have turned the answer into its
 * body). Read-only: nothing about the calls changes.
 */
export function attachTokenWatch(instance: AxiosInstance, watch: TokenWatch): void {
  instance.interceptors.request.use((config) => {
    const header = config.headers?.Authorization ?? config.headers?.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) watch.used(header.slice(7));
    return config;
  });
  instance.interceptors.response.use((body: unknown) => {
    const answer = body as { tenant_access_token?: unknown; expire?: unknown } | null;
    if (typeof answer?.tenant_access_token === 'string' && typeof answer.expire === 'number') {
      watch.issued(answer.tenant_access_token, answer.expire);
    }
    return body as never;
  });
}

/**
 * The synthetic probes' queue (product.md §6). Its two job schedulers, `probes` and `token-refresh`, are
 * upserted by every worker; each run is one job named after its scheduler, with no data.
 */
export const PROBE_QUEUE = 'probes';

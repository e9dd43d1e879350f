/**
 * The synthetic checks' queue (docs/product.md §6). Its two job schedulers, `probes` and `token-refresh`, are
 * upserted by every worker; each run is one job named after its scheduler, with no data. The queue's name
 * in Redis keeps the old word (`probes`): renaming it would strand the schedulers of running workers.
 */
export const SYNTHETIC_CHECK_QUEUE = 'probes';

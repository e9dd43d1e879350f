import type { Request, Response } from 'express';
import type { Registry } from 'prom-client';

/** `GET /metrics`: this process's registry in the Prometheus text format. */
export function createMetricsRoute(registry: Registry) {
  return async (_req: Request, res: Response): Promise<void> => {
    const body = await registry.metrics();
    res.status(200).set('content-type', registry.contentType).send(body);
  };
}

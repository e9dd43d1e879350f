import type { RequestHandler } from 'express';
import { matchEndpoint } from './endpoint-catalog.js';

export type RequestLogEntry = {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The raw query string without `?`, '' when none. */
  query: string;
  /** HTTP status sent; null while in flight; 0 when the connection was dropped without a response. */
  status: number | null;
  /** Arrival time, clock milliseconds. */
  time: number;
  /** Endpoint id from the catalog, or null when the path is not a known endpoint. */
  endpoint: string | null;
};

export type RequestLog = {
  middleware: RequestHandler;
  list(): RequestLogEntry[];
  clear(): void;
};

const MAX_ENTRIES = 50_000;

/** Records every call outside `/__emulator`, oldest first (docs/product.md §8 `GET /__emulator/requests`). */
export function createRequestLog(clock: () => number): RequestLog {
  let entries: RequestLogEntry[] = [];

  const middleware: RequestHandler = (req, res, next) => {
    const [path = '', query = ''] = req.originalUrl.split(/\?(.*)/s);
    if (path.startsWith('/__emulator')) {
      next();
      return;
    }
    const entry: RequestLogEntry = {
      method: req.method,
      path,
      query,
      status: null,
      time: clock(),
      endpoint: matchEndpoint(req.method, path)?.endpoint.id ?? null,
    };
    entries.push(entry);
    if (entries.length > MAX_ENTRIES) entries = entries.slice(-MAX_ENTRIES);
    res.once('finish', () => {
      entry.status = res.statusCode;
    });
    res.once('close', () => {
      entry.status ??= 0;
    });
    next();
  };

  return {
    middleware,
    list: () => entries.map((entry) => ({ ...entry })),
    clear() {
      entries = [];
    },
  };
}

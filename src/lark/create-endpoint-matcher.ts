import type { AllowedEndpoint } from '../config/allowed-endpoints.js';

/** Finds the allowed endpoint for a method and URL path (no query string), or undefined. */
export type EndpointMatcher = (method: string, path: string) => AllowedEndpoint | undefined;

/**
 * A `:name` segment matches one path segment of Lark id characters. Ids never hold `/`, `%`, `.` or `?`,
 * so an id cannot smuggle in another path (`..`, an encoded slash).
 */
const PARAM_SEGMENT = '[A-Za-z0-9_-]+';

/** Compiles the templates of `allowed_endpoints.yaml` once; matching is exact on method and whole path. */
export function createEndpointMatcher(endpoints: readonly AllowedEndpoint[]): EndpointMatcher {
  const compiled = endpoints.map((endpoint) => ({
    endpoint,
    method: endpoint.method.toUpperCase(),
    pattern: new RegExp(
      `^${endpoint.path
        .split('/')
        .map((segment) => (segment.startsWith(':') ? PARAM_SEGMENT : escapeRegExp(segment)))
        .join('/')}$`,
    ),
  }));
  return (method, path) => {
    const upper = method.toUpperCase();
    return compiled.find((entry) => entry.method === upper && entry.pattern.test(path))?.endpoint;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { BITABLE_ERRORS, type BitableError } from './bitable-error.js';

export type Page<T> = { items: T[]; has_more: boolean; page_token?: string; total: number };
type Parsed<T> = { kind: 'ok'; value: T } | { kind: 'error'; error: BitableError };

/**
 * `page_size` as the docs define it: default 20; ≤ 0 → HTTP 400/1254011; above the endpoint's maximum
 * (500 for records, 100 for tables and fields) → HTTP 400/99992402 "field validation failed", the platform's
 * parameter-validation answer (UNCONFIRMED for Bitable; seen for im/v1 page_size in oomol-lab/open-connector#269).
 */
export function parsePageSize(raw: unknown, max: number): Parsed<number> {
  if (raw === undefined || raw === '') return { kind: 'ok', value: 20 };
  const size = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(size)) return { kind: 'error', error: BITABLE_ERRORS.FieldValidationFailed };
  if (size <= 0) return { kind: 'error', error: BITABLE_ERRORS.PageSizeNotPositive };
  if (size > max) {
    return {
      kind: 'error',
      error: { ...BITABLE_ERRORS.FieldValidationFailed, msg: `field validation failed: page_size ≤ ${max}` },
    };
  }
  return { kind: 'ok', value: size };
}

/**
 * Slices one page. The page token is opaque to callers (base64url of the scope and offset); a token from
 * another listing or a mangled one gives 1254002 Fail, as the docs list for a bad page_token.
 */
export function paginate<T>(
  all: readonly T[],
  pageSize: number,
  pageToken: unknown,
  scope: string,
): Parsed<Page<T>> {
  let offset = 0;
  if (pageToken !== undefined && pageToken !== '') {
    const decoded = decodePageToken(pageToken, scope);
    if (decoded === undefined) {
      return { kind: 'error', error: { ...BITABLE_ERRORS.Fail, msg: 'Fail: invalid page_token' } };
    }
    offset = decoded;
  }
  const items = all.slice(offset, offset + pageSize);
  const next = offset + items.length;
  const has_more = next < all.length;
  return {
    kind: 'ok',
    value: {
      items,
      has_more,
      ...(has_more ? { page_token: encodePageToken(scope, next) } : {}),
      total: all.length,
    },
  };
}

function encodePageToken(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset })).toString('base64url');
}

function decodePageToken(token: unknown, scope: string): number | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      s?: unknown;
      o?: unknown;
    };
    if (parsed.s !== scope || typeof parsed.o !== 'number' || !Number.isInteger(parsed.o) || parsed.o < 0) {
      return undefined;
    }
    return parsed.o;
  } catch {
    return undefined;
  }
}

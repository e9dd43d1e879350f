/**
 * Canonical JSON: object keys sorted by code point, no insignificant whitespace, `undefined` members
 * dropped, non-finite numbers refused. Two equal values always give the same string, so hashes over it
 * (scope hash, audit chain, backup ids) are stable across processes and versions.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, new Set());
}

function serialise(value: unknown, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`);
  }
  const object = value as object;
  if (seen.has(object)) throw new TypeError('canonicalJson: circular structure');
  seen.add(object);
  let out: string;
  if (Array.isArray(object)) {
    out = `[${object.map((item) => (item === undefined ? 'null' : serialise(item, seen))).join(',')}]`;
  } else {
    const entries = Object.entries(object)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out = `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${serialise(item, seen)}`).join(',')}}`;
  }
  seen.delete(object);
  return out;
}

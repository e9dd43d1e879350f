export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every JSON object inside `root` (itself included), through arrays and object values, depth first. The
 * children of an object are walked after it is yielded, and only when `descend(object)` says so.
 */
export function* jsonObjectsIn(
  root: unknown,
  descend: (object: JsonObject) => boolean = () => true,
): Generator<JsonObject> {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    if (!isJsonObject(value)) continue;
    yield value;
    if (descend(value)) stack.push(...Object.values(value));
  }
}

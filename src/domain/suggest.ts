/** Inputs longer than this get no suggestion: nobody mistypes a 65-character word into a near miss. */
const MAX_SUGGEST_INPUT = 64;

/**
 * The candidate closest to `input`, ignoring case, or null when none is close enough to be a useful
 * "did you mean". Close enough: an edit distance (insert, delete, replace, swap two neighbours) of at most
 * a third of the input's length (at least 1), or the input being the start of exactly one candidate.
 */
export function suggestClosest(input: string, candidates: readonly string[]): string | null {
  const needle = input.trim().toLowerCase();
  if (needle.length === 0 || needle.length > MAX_SUGGEST_INPUT) return null;
  const limit = Math.max(1, Math.floor(needle.length / 3));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    if (Math.abs(lower.length - needle.length) >= bestDistance) continue;
    const distance = editDistance(needle, lower, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== null) return best;
  if (needle.length >= 3) {
    const prefixed = candidates.filter((candidate) => candidate.toLowerCase().startsWith(needle));
    if (prefixed.length === 1) return prefixed[0] ?? null;
  }
  return null;
}

/** Optimal-string-alignment distance; gives up (returns `ceiling`) once every path costs at least `ceiling`. */
function editDistance(a: string, b: string, ceiling: number): number {
  let before: number[] = [];
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (previous[j] ?? Infinity) + 1,
        (current[j - 1] ?? Infinity) + 1,
        (previous[j - 1] ?? Infinity) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? Infinity) + 1);
      }
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= ceiling) return ceiling;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? ceiling;
}

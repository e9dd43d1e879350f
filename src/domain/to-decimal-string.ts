/**
 * A finite number as plain decimal text, never exponent notation: `1e21` → `"1000000000000000000000"`,
 * `1e-7` → `"0.0000001"`, `-0` → `"0"`. Lark's search filter takes numbers as such strings (docs/reference/lark-api.md §2.2).
 * Non-finite numbers come back as `String(n)`; callers refuse them first.
 */
export function toDecimalString(n: number): string {
  if (Object.is(n, -0)) return '0';
  const text = String(n);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign = '', lead = '', fraction = '', exponentText = '0'] = match;
  const digits = lead + fraction;
  const exponent = Number(exponentText);
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const point = exponent + 1;
  if (digits.length <= point) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LarkgateConfig } from './larkgate-config.js';

const example = parse(readFileSync(new URL('../../config/larkgate.example.yaml', import.meta.url), 'utf8'));

function parsed(intake: unknown) {
  const result = LarkgateConfig.safeParse(
    intake === undefined ? { ...example, intake: undefined } : { ...example, intake },
  );
  return result.success
    ? { ok: true as const, intake: result.data.intake }
    : { ok: false as const, issues: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}

describe('intake: in larkgate.yaml', () => {
  it('defaults to 20 at once, 10 a minute, one notice per 5 minutes (as the example states)', () => {
    const absent = parsed(undefined);

    expect(absent).toEqual({
      ok: true,
      intake: { per_requester: { burst: 20, per_minute: 10, notice_every: '5m' } },
    });
    expect(parsed(example.intake)).toEqual(absent);
  });

  it.each([
    [{ per_requester: { burst: 0 } }, 'intake.per_requester.burst: Too small: expected number to be >=1'],
    [
      { per_requester: { per_minute: 2.5 } },
      'intake.per_requester.per_minute: Invalid input: expected int, received number',
    ],
    [
      { per_requester: { notice_every: 'soon' } },
      'intake.per_requester.notice_every: a duration looks like 90s, 30m, 2h or 7d',
    ],
    [{ per_requester: { brust: 5 } }, 'intake.per_requester: Unrecognized key: "brust"'],
  ])('refuses %j', (intake, issue) => {
    expect(parsed(intake)).toEqual({ ok: false, issues: [issue] });
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALERT_KINDS } from '../../src/domain/describe-alert.js';

const RUNBOOKS = join(import.meta.dirname, '../../docs/runbooks');

describe('docs/runbooks', () => {
  it.each(Object.entries(ALERT_KINDS))(
    'alert %s has its runbook page, naming the alert and its first check',
    async (kind, alert) => {
      const page = await readFile(join(RUNBOOKS, `${alert.runbook}.md`), 'utf8');

      expect(page).toContain(`\`${kind}`);
      expect(page).toMatch(/\*\*Check first\.\*\*/);
    },
  );

  it('the index lists every alert', async () => {
    const index = await readFile(join(RUNBOOKS, 'index.md'), 'utf8');

    for (const [kind, alert] of Object.entries(ALERT_KINDS)) {
      expect(index).toContain(`[${alert.runbook}.md](${alert.runbook}.md)`);
      expect(index).toContain(`\`${kind}`);
    }
  });
});

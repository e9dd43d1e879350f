import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../src/main/start-demo.js';
import { type Harness, recordOf, startHarness, tokenOf } from '../e2e/demo-harness.js';
import { useBrowser } from '../helpers/browser.js';

const browser = await useBrowser();
const WAIT = { timeout: 60_000 };
/**
 * The README's screenshots: taken on every run, written over docs/screenshots only with
 * LARKGATE_UPDATE_SCREENSHOTS=1 (so a plain test run leaves the work tree as it was).
 */
const SCREENSHOTS = process.env.LARKGATE_UPDATE_SCREENSHOTS
  ? join(REPO_DIR, 'docs/screenshots')
  : await mkdtemp(join(tmpdir(), 'larkgate-screenshots-'));

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** A browser tab on the emulator's chat page, as this person, in the requests chat. */
async function openChat(as: string, chat = 'oc_requests'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('dialog', (dialog) => dialog.accept());
  await page.goto(`${h.info.emulator}/__emulator/ui?as=${as}&chat=${chat}`);
  await page.locator('body[data-ready="true"]').waitFor(WAIT);
  // A page that reloads loses this mark, so "updates by itself" means without a reload.
  await page.evaluate(() => {
    (globalThis as unknown as { lgMark: string }).lgMark = 'not reloaded';
  });
  expect(problems).toEqual([]);
  return page;
}

function cardFor(page: Page, text: string) {
  return page.locator('li.card-msg', { hasText: text }).last();
}

describe('the emulator chat in a browser', () => {
  it('Alice asks, sees the diff card, cannot approve her own request; Bob approves; Alice sees Applied without reloading', async () => {
    const alice = await openChat('ou_alice');
    const bob = await openChat('ou_bob');

    await alice.locator('#text').fill('@Larkgate update crm/Tasks recTask0001 Points=13');
    await alice.getByRole('button', { name: 'Send', exact: true }).click();

    const card = cardFor(alice, 'recTask0001');
    await card.waitFor(WAIT);
    await expect.poll(() => card.locator('.card-header').textContent(), WAIT).toMatch(/crm/i);
    const cardText = await card.textContent();
    expect(cardText).toContain('Points');
    expect(cardText).toContain('13');
    expect(cardText).not.toContain('"tag"');
    expect(cardText).not.toContain('schema');
    expect(await card.locator('.unknown').count()).toBe(0);
    await expect.poll(() => card.getByRole('button', { name: 'Approve' }).isEnabled(), WAIT).toBe(true);
    await mkdir(SCREENSHOTS, { recursive: true });
    await alice.screenshot({ path: join(SCREENSHOTS, 'emulator-chat.png') });

    await card.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => alice.locator('#toast').textContent(), WAIT).toContain('cannot approve');
    expect(await alice.locator('#toast').getAttribute('class')).toContain('error');

    const bobsCard = cardFor(bob, 'recTask0001');
    await bobsCard.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => bob.locator('#toast').textContent(), WAIT).toMatch(/approv/i);

    await expect
      .poll(() => cardFor(alice, 'recTask0001').textContent(), WAIT)
      .toContain('Applied and verified');
    expect(await alice.evaluate(() => (globalThis as unknown as { lgMark?: string }).lgMark)).toBe(
      'not reloaded',
    );
    expect(await cardFor(alice, 'recTask0001').locator('.card-header').getAttribute('class')).toContain(
      'tpl-green',
    );
    expect((await recordOf(h, tokenOf(h, 'crm'), 'Tasks', 'recTask0001'))?.Points).toBe(13);
    await alice.screenshot({ path: join(SCREENSHOTS, 'emulator-chat-applied.png') });
  });

  it('a request card shown to a vi_vn client reads in Vietnamese; switching the client language back shows English', async () => {
    const bob = await openChat('ou_bob');
    await bob.getByLabel('Client language').selectOption('vi_vn');
    expect(new URL(bob.url()).searchParams.get('locale')).toBe('vi_vn');

    const asked = await h.say('oc_requests', 'ou_alice', '@Larkgate update crm/Tasks recTask0004 Points=8');
    const sent = await h.cardReplyTo('oc_requests', asked.message_id);
    const card = bob.locator(`li.card-msg[data-message-id="${sent.message_id}"]`);
    await card.waitFor(WAIT);
    await expect.poll(() => card.locator('.card-header').textContent(), WAIT).toContain('Cần phê duyệt');
    const vietnamese = (await card.textContent()) ?? '';
    for (const text of ['Cập nhật', '1 bản ghi', 'yêu cầu', 'Cấp rủi ro', 'Giai đoạn', 'Hết hạn'])
      expect(vietnamese).toContain(text);
    // Field names, values, ids and the Base's names stay as they are.
    for (const text of ['crm/Tasks', 'recTask0004', 'Points', '8']) expect(vietnamese).toContain(text);
    for (const english of ['Approval needed', 'asked by', 'Tier', 'Expires', 'Approve'])
      expect(vietnamese).not.toContain(english);
    expect(await card.getByRole('button', { name: 'Phê duyệt' }).isEnabled()).toBe(true);
    expect(await card.getByRole('button', { name: 'Từ chối' }).count()).toBe(1);
    await bob.screenshot({ path: join(SCREENSHOTS, 'emulator-chat-vi.png') });

    await bob.getByLabel('Client language').selectOption('en_us');
    const english = bob.locator(`li.card-msg[data-message-id="${sent.message_id}"]`);
    await expect.poll(() => english.locator('.card-header').textContent(), WAIT).toContain('Approval needed');
    expect(await english.getByRole('button', { name: 'Approve' }).count()).toBe(1);
  });

  it('hostile chat text and Base values show as text: no element, link or mention comes of them', async () => {
    const hostile = '<img src=x onerror="window.lgPwned=1"> [x](http://evil.example) <at id=all></at>';
    const alice = await openChat('ou_alice');

    await alice
      .locator('#text')
      .fill(`@Larkgate update crm/Tasks recTask0002 Title=${JSON.stringify(hostile)}`);
    await alice.locator('#text').press('Enter');

    const card = cardFor(alice, 'recTask0002');
    await card.waitFor(WAIT);
    const ownMessage = alice.locator('li.text-msg', { hasText: 'recTask0002' }).last();
    expect(await ownMessage.textContent()).toContain('<img src=x onerror=');
    const cardText = await card.textContent();
    expect(cardText).toContain('<img src=x onerror=');
    expect(cardText).toMatch(/\[x\]\(http/);
    expect(cardText).toContain('<at id=all>');
    expect(await alice.locator('#messages img').count()).toBe(0);
    expect(await alice.locator('#messages a').count()).toBe(0);
    expect(await alice.locator('#messages .md-link').count()).toBe(0);
    expect(await alice.locator('#messages .mention', { hasText: '@all' }).count()).toBe(0);
    expect(
      await alice.evaluate(() => (globalThis as unknown as { lgPwned?: number }).lgPwned),
    ).toBeUndefined();
  });
});

describe('every card the demo sent, in the browser', () => {
  it("renders without a placeholder in each of Bob's chats", async () => {
    const bob = await openChat('ou_bob', 'oc_drills');
    let cards = 0;
    for (const chat of ['oc_requests', 'oc_audit', 'oc_oncall', 'oc_drills']) {
      const expected = (await h.messages(chat)).length;
      await bob.locator(`nav a[data-chat-id="${chat}"]`).click();
      await expect.poll(() => bob.locator('#messages li.msg').count(), WAIT).toBeGreaterThanOrEqual(expected);
      cards += await bob.locator('#messages li.card-msg').count();
      expect(await bob.locator('#messages .unknown').count(), chat).toBe(0);
    }
    expect(cards).toBeGreaterThan(3);
  });
});

describe('the read-only dashboard in a browser', () => {
  it('shows the bases with tier and stage, a pending request, then the applied request; writes are refused', async () => {
    const url = h.info.dashboard;
    if (url === null) throw new Error('the demo started no dashboard');
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    await page.goto(url);

    const crm = page.locator('#bases tr[data-base="crm"]');
    expect(await crm.textContent()).toContain('L2');
    expect(await crm.textContent()).toContain('live');
    const sandbox = page.locator('#bases tr[data-base="sandbox"]');
    expect(await sandbox.textContent()).toContain('staging');

    const asked = await h.say('oc_requests', 'ou_alice', '@Larkgate update crm/Tasks recTask0003 Points=21');
    const card = await h.cardReplyTo('oc_requests', asked.message_id);
    const requestId = /req_[a-z0-9]+/.exec(JSON.stringify(card.content))?.[0];
    if (!requestId) throw new Error('no request id on the card');
    await page.reload();
    const pending = page.locator(`#pending tr[data-request-id="${requestId}"]`);
    expect(await pending.textContent()).toContain('0 of 1 approvals');
    expect(await pending.locator('a.evidence').textContent()).toMatch(/#\d+$/);

    await h.clickButton(card.message_id, 'ou_bob', 'Approve');
    // The page reloads itself (meta refresh): wait for the applied row without reloading it here.
    const applied = page.locator(`#outcomes tr[data-request-id="${requestId}"][data-outcome="applied"]`);
    await applied.waitFor(WAIT);
    expect(await applied.textContent()).toMatch(/bk_[0-9a-f]{64}/);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });

    await applied.locator('a.evidence').click();
    expect(await page.locator('#event').textContent()).toContain('"op.verified"');

    await page.goto(url);
    expect(await page.locator('form, button, input, script, textarea, select').count()).toBe(0);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await fetch(url, { method, body: method === 'DELETE' ? null : 'x=1' });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
  });
});

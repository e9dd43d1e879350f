import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll } from 'vitest';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it), or LARKGATE_CHROMIUM. */
export const CHROMIUM_PATH = process.env.LARKGATE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * A headless chromium for this test file, closed after its tests. No browser is downloaded: playwright-core
 * drives the system's chromium. A missing chromium fails the test file with what to install, never skips it.
 * Call it at the file's top level, like useRedisServer.
 */
export async function useBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set LARKGATE_CHROMIUM)`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // As root (CI) chromium needs --no-sandbox; /dev/shm is small in containers.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  afterAll(async () => {
    await browser.close();
  });
  return browser;
}

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Response, Router } from 'express';
import express from 'express';
import type { EmulatorSeed } from '../seed.js';

const STATIC_DIR = join(import.meta.dirname, 'static');

/** The page's files, served as they are (no build step), with their content types. */
const FILES: Readonly<Record<string, string>> = {
  'chat.js': 'text/javascript; charset=utf-8',
  'chat.css': 'text/css; charset=utf-8',
  'render-card.js': 'text/javascript; charset=utf-8',
  'render-markdown.js': 'text/javascript; charset=utf-8',
};

/**
 * Only the page's own files run: no inline script, nothing from elsewhere (it works offline), so even a
 * rendering slip could not run a script that a message or a Base value carried.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

/**
 * The chat in a browser, mounted under `/__emulator` (so the control API's loopback check guards it):
 * `GET /ui` the page (`?as=<open_id>&chat=<chat_id>`), `GET /ui/people` the seed's users and the bot (for
 * the picker and sender names), `GET /ui/<file>` its script and style. The page itself only calls the
 * control API (chats, messages, card clicks), so it posts and clicks exactly as tests do.
 */
export function createUiRouter(seed: EmulatorSeed): Router {
  const router = express.Router();
  router.get('/ui', (_req, res) => sendFile(res, 'index.html', 'text/html; charset=utf-8'));
  router.get('/ui/people', (_req, res) => {
    res.set('cache-control', 'no-store').json({
      bot: { name: seed.app.bot_name, app_id: seed.app.app_id, open_id: seed.app.bot_open_id },
      users: seed.users.map((user) => ({ open_id: user.open_id, name: user.name })),
    });
  });
  router.get('/ui/:file', (req, res, next) => {
    const type = FILES[String(req.params.file)];
    if (type === undefined) return next();
    return sendFile(res, String(req.params.file), type);
  });
  return router;
}

async function sendFile(res: Response, name: string, type: string): Promise<void> {
  const body = await readFile(join(STATIC_DIR, name));
  res
    .status(200)
    .set({
      'content-type': type,
      'cache-control': 'no-store',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    })
    .send(body);
}

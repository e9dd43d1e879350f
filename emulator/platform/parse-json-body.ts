import type { RequestHandler } from 'express';
import express from 'express';
import { sendError } from './lark-response.js';

/**
 * JSON body parsing as Lark tolerates it: any content type (with or without charset), and bodies on GET and
 * DELETE (the SDK sends `{}` on GET, docs/reference/lark-api.md §1.3). A missing body becomes `{}`.
 * Malformed JSON: Bitable answers 1254000 WrongRequestJson (HTTP 200, §2.6); other Open API paths get
 * 400/9499 Bad Request (UNCONFIRMED, seen in larksuite/oapi-sdk-nodejs#24); the control API gets 400.
 */
export function createJsonBodyParser(): RequestHandler {
  const parse = express.json({ type: () => true, limit: '20mb' });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (error === undefined) {
        req.body ??= {};
        next();
        return;
      }
      if (req.path.startsWith('/open-apis/bitable/')) sendError(res, 200, 1254000, 'WrongRequestJson');
      else if (req.path.startsWith('/open-apis/')) sendError(res, 400, 9499, 'Bad Request');
      else res.status(400).json({ error: 'request body is not valid JSON' });
    });
  };
}

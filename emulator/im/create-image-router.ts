import type { Router } from 'express';
import express from 'express';
import { sendData, sendError } from '../platform/lark-response.js';
import type { ImStore } from './create-im-store.js';

/** Lark's cap on an uploaded message image (the upload page: 10 MB). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * `POST /open-apis/im/v1/images` (https://open.feishu.cn/document/server-docs/im-v1/image/create): multipart
 * form `image_type` (`message` or `avatar`) and `image` (the file) → `data.image_key`, which image messages
 * (`msg_type: "image"`, content `{"image_key"}`) may then use. A body that is not such a form, or a bad
 * `image_type` → HTTP 400 234001; an empty file 234010; over 10 MB 234006. The image format is not checked
 * (the page's 234011 "can't recognize image format" is not produced). Codes UNCONFIRMED beyond the page's
 * list as we read it.
 */
export function createImageRouter(store: ImStore): Router {
  const router = express.Router();
  router.post('/open-apis/im/v1/images', (req, res) => {
    const form = parseMultipart(req.headers['content-type'], req.body);
    const imageType = form?.get('image_type')?.toString('utf8');
    // The file part, with or without a filename (the SDK's form-data sends a Buffer without one).
    const image = form?.get('image');
    if (!form || (imageType !== 'message' && imageType !== 'avatar') || image === undefined) {
      sendError(res, 400, 234001, 'Invalid request param.');
      return;
    }
    if (image.length === 0) {
      sendError(res, 400, 234010, 'File’s size can’t be 0.');
      return;
    }
    if (image.length > MAX_IMAGE_BYTES) {
      sendError(res, 400, 234006, 'The file size exceed the max value.');
      return;
    }
    sendData(res, { image_key: store.addImage(image) });
  });
  return router;
}

/** A minimal multipart/form-data reader (what axios's FormData sends); null when the body is not one. */
function parseMultipart(contentType: string | undefined, body: unknown): Map<string, Buffer> | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker || !Buffer.isBuffer(body)) return null;
  const delimiter = Buffer.from(`--${marker}`);
  const form = new Map<string, Buffer>();
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      if (name !== undefined) form.set(name, Buffer.from(content));
    }
    start = next;
  }
  return form;
}

/** How a push reached Larkgate: HTTP to `/lark/events` and `/lark/card`, or Lark's long connection. */
export type LarkTransport = 'webhook' | 'ws';

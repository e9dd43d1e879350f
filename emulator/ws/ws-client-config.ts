/**
 * What `POST /callback/ws/endpoint` and every pong tell the SDK's `WSClient` (docs/reference/lark-api.md §1.6), in seconds;
 * `ReconnectCount` −1 means "retry for ever". The defaults are the SDK's own (`WSConfig`), the figures Lark
 * serves as far as the SDK shows; tests shorten `ReconnectNonce` so a dropped client is back at once.
 */
export type WsClientConfig = {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
};

export const DEFAULT_WS_CLIENT_CONFIG: WsClientConfig = {
  PingInterval: 120,
  ReconnectCount: -1,
  ReconnectInterval: 120,
  ReconnectNonce: 30,
};

import type * as lark from '@larksuiteoapi/node-sdk';
import type { LarkApiLimits } from '../config/lark-api-limits.js';

/** What the Base gateway's parts share: the SDK's Base client, Lark's limits, and the paths they call. */
export type BaseCallContext = {
  bitable: lark.Client['bitable'];
  limits: LarkApiLimits;
  /** `/open-apis/bitable/v1/apps`, for the endpoint paths the allowlist and errors name. */
  apps: string;
  recordsPath(appToken: string, tableId: string): string;
};

import type * as lark from '@larksuiteoapi/node-sdk';
import { expectLarkOk } from './expect-lark-ok.js';

export type BotInfo = { appName: string; openId: string; activateStatus: number | null };
export type ChatSummary = {
  chatId: string;
  name: string;
  ownerId: string;
  external: boolean;
  status: string;
};
export type GrantedScope = { scope: string; granted: boolean };

/** The set-up reads (discovery-endpoints.ts) over the real SDK; every answer's `code` is checked. */
export type DiscoveryGateway = {
  getBotInfo(): Promise<BotInfo>;
  /** Group chats the bot is in, every page (Lark's list leaves out one-to-one chats). */
  listChats(): Promise<ChatSummary[]>;
  /** The scopes the app asked the tenant for, and whether each is granted. */
  listScopes(): Promise<GrantedScope[]>;
  /** Whether the app may `view` or `edit` this Base (drive permission check). */
  canAccessBase(appToken: string, action: 'view' | 'edit'): Promise<boolean>;
};

const CHATS = '/open-apis/im/v1/chats';

export function createDiscoveryGateway(client: lark.Client): DiscoveryGateway {
  return {
    async getBotInfo() {
      // Bot info has no generated method and answers at the top level (docs/reference/lark-api.md §1.4, §3.1).
      const response = expectLarkOk(
        (await client.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as {
          code?: number;
          msg?: string;
          bot?: { app_name?: string; open_id?: string; activate_status?: number };
        },
        { endpointId: 'bot.info', method: 'GET', path: '/open-apis/bot/v3/info', write: false },
      );
      return {
        appName: response.bot?.app_name ?? '',
        openId: response.bot?.open_id ?? '',
        activateStatus:
          typeof response.bot?.activate_status === 'number' ? response.bot.activate_status : null,
      };
    },

    async listChats() {
      const call = { endpointId: 'im.chat.list', method: 'GET', path: CHATS, write: false };
      const chats: ChatSummary[] = [];
      let pageToken: string | undefined;
      do {
        const response = expectLarkOk(
          await client.im.chat.list({
            params: { page_size: 100, ...(pageToken ? { page_token: pageToken } : {}) },
          }),
          call,
        );
        for (const item of response.data?.items ?? []) {
          if (!item.chat_id) continue;
          chats.push({
            chatId: item.chat_id,
            name: item.name ?? '',
            ownerId: item.owner_id ?? '',
            external: item.external === true,
            status: item.chat_status ?? 'normal',
          });
        }
        pageToken = response.data?.has_more ? response.data.page_token || undefined : undefined;
      } while (pageToken);
      return chats;
    },

    async listScopes() {
      const response = expectLarkOk(await client.application.scope.list({}), {
        endpointId: 'application.scope.list',
        method: 'GET',
        path: '/open-apis/application/v6/scopes',
        write: false,
      });
      return (response.data?.scopes ?? []).map((scope) => ({
        scope: scope.scope_name,
        granted: scope.grant_status === 1,
      }));
    },

    async canAccessBase(appToken, action) {
      const response = expectLarkOk(
        await client.drive.permissionMember.auth({
          path: { token: appToken },
          params: { type: 'bitable', action },
        }),
        {
          endpointId: 'drive.permission.member.auth',
          method: 'GET',
          path: `/open-apis/drive/v1/permissions/${appToken}/members/auth`,
          write: false,
        },
      );
      return response.data?.auth_result === true;
    },
  };
}

import type { AllowedEndpoint } from '../config/allowed-endpoints.js';

/**
 * The only Lark calls `larkgate lark chats|base|whoami` make: reads an operator runs while setting up, kept
 * apart from allowed_endpoints.yaml so the bot's allowlist (and the scopes `larkgate iam` asks for) do not
 * grow. Each still goes through the allowlisting HTTP instance (create-lark-http-instance.ts).
 */
export const DISCOVERY_ENDPOINTS: readonly AllowedEndpoint[] = [
  {
    id: 'auth.tenant_access_token',
    method: 'POST',
    path: '/open-apis/auth/v3/tenant_access_token/internal',
    used_by: ['discovery'],
  },
  { id: 'bot.info', method: 'GET', path: '/open-apis/bot/v3/info', used_by: ['discovery'] },
  { id: 'im.chat.list', method: 'GET', path: '/open-apis/im/v1/chats', used_by: ['discovery'] },
  {
    id: 'application.scope.list',
    method: 'GET',
    path: '/open-apis/application/v6/scopes',
    used_by: ['discovery'],
  },
  {
    id: 'bitable.app.get',
    method: 'GET',
    path: '/open-apis/bitable/v1/apps/:app_token',
    used_by: ['discovery'],
  },
  {
    id: 'bitable.table.list',
    method: 'GET',
    path: '/open-apis/bitable/v1/apps/:app_token/tables',
    used_by: ['discovery'],
  },
  {
    id: 'bitable.field.list',
    method: 'GET',
    path: '/open-apis/bitable/v1/apps/:app_token/tables/:table_id/fields',
    used_by: ['discovery'],
  },
  {
    id: 'drive.permission.member.auth',
    method: 'GET',
    path: '/open-apis/drive/v1/permissions/:token/members/auth',
    used_by: ['discovery'],
  },
];

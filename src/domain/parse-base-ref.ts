/** A Base named by an operator: its app_token, and the table the link pointed at, if any. */
export type BaseRef =
  | { kind: 'ok'; appToken: string; tableId: string | null }
  | { kind: 'invalid'; reason: string };

const TOKEN = /^[A-Za-z0-9]{10,100}$/;

/**
 * Reads what someone pasted: a bare app_token, or a Base link as the Lark and Feishu clients copy it
 * (`https://<tenant>.feishu.cn/base/<app_token>?table=tbl…&view=vew…`, also `/bitable/`). A wiki link names
 * the wiki node, not the Base (its token is not the app_token): refused with what to do instead.
 */
export function parseBaseRef(input: string): BaseRef {
  const text = input.trim();
  if (TOKEN.test(text)) return { kind: 'ok', appToken: text, tableId: null };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: 'invalid', reason: 'expected a Base link (https://…/base/<app_token>) or an app_token' };
  }
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  if (segments.includes('wiki')) {
    return {
      kind: 'invalid',
      reason:
        'a wiki link names the wiki page, not the Base: open the Base on its own (… → Open in new tab) and copy that link',
    };
  }
  const at = segments.findIndex((segment) => segment === 'base' || segment === 'bitable');
  const token = at === -1 ? undefined : segments[at + 1];
  if (!token || !TOKEN.test(token)) {
    return { kind: 'invalid', reason: 'the link has no /base/<app_token> part' };
  }
  const table = url.searchParams.get('table');
  return { kind: 'ok', appToken: token, tableId: table && /^tbl[A-Za-z0-9]+$/.test(table) ? table : null };
}

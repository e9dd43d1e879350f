import type * as lark from '@larksuiteoapi/node-sdk';
import type { PeopleDirectory } from '../ports/people-directory.js';
import { chunk } from './chunk.js';
import { expectLarkOk } from './expect-lark-ok.js';

/** basic_batch takes 1–10 ids a call. */
const PER_CALL = 10;

/**
 * Who Lark knows, by open_id, through contact v3 `basic_batch` (names only; it does not check the app's
 * contact range, so anyone in the tenant is found, as a Base user field accepts). Lark answers with the
 * users it found: an id it leaves out names nobody.
 * https://open.larkoffice.com/document/uAjLw4CM/ukTMukTMukTM/reference/contact-v3/user/basic_batch
 */
export function createPeopleDirectory(deps: { client: lark.Client }): PeopleDirectory {
  const call = {
    endpointId: 'contact.user.basic_batch',
    method: 'POST',
    path: '/open-apis/contact/v3/users/basic_batch',
    write: false,
  };
  return {
    /** The open_ids among these that name nobody Lark knows (src/ports/people-directory.ts). */
    async findUnknown(openIds: readonly string[]): Promise<string[]> {
      const unique = [...new Set(openIds)];
      const found = new Set<string>();
      for (const ids of chunk(unique, PER_CALL)) {
        const response = expectLarkOk(
          await deps.client.contact.user.basicBatch({
            data: { user_ids: ids },
            params: { user_id_type: 'open_id' },
          }),
          call,
        );
        for (const user of response.data?.users ?? []) if (user.user_id) found.add(user.user_id);
      }
      return unique.filter((id) => !found.has(id));
    },
  };
}

import { z } from 'zod';

/**
 * A backup's id: `bk_` and the lower-case hex SHA-256 of the stored (armored) bytes. The same id names the
 * file `<store dir>/<id>.asc`, so `sha256sum` on that file must print the id without its prefix. The strict
 * pattern is also what keeps ids from naming any other path.
 */
export const BackupId = z
  .string()
  .regex(/^bk_[0-9a-f]{64}$/, 'a backup id is "bk_" followed by 64 lower-case hex digits');
export type BackupId = z.infer<typeof BackupId>;

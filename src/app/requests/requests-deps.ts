import type { BackupDocument } from '../../domain/build-backup-document.js';
import type { BaseReader } from '../../ports/base-reader.js';
import type { ChatSender } from '../../ports/chat-sender.js';
import type { CommonDeps } from '../../ports/common-deps.js';
import type { PeopleDirectory } from '../../ports/people-directory.js';
import type { RequestStore } from '../../ports/request-store.js';
import type { TableResolver } from './create-table-resolver.js';

/**
 * What the request use cases need (reads, change requests, status, rollbacks), whoever calls them: the chat
 * jobs, the MCP tools, the CLI. Built once per process by src/main/create-chat-deps.ts.
 */
export type RequestsDeps = CommonDeps & {
  reader: BaseReader;
  chat: ChatSender;
  /** Who Lark knows: a dry run refuses a user value that names nobody. */
  people: PeopleDirectory;
  requests: RequestStore;
  resolveTable: TableResolver;
  /** How many records a search shows at most. */
  searchMax: number;
  /** Decrypts and parses one of Larkgate's backups; null when no backup key is configured. */
  readBackup: ((backupId: string) => Promise<BackupDocument>) | null;
};

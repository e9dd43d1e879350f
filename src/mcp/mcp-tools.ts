import type { McpTool } from './mcp-tool.js';
import { basesList } from './tools/bases-list.js';
import { changeRequest } from './tools/change-request.js';
import { changeStatus } from './tools/change-status.js';
import { recordsGet } from './tools/records-get.js';
import { recordsSearch } from './tools/records-search.js';
import { rollbackRequest } from './tools/rollback-request.js';

/** Every tool the MCP server can serve; an agent sees only those its `tools:` lists. */
export const MCP_TOOLS: readonly McpTool[] = [
  basesList,
  recordsSearch,
  recordsGet,
  changeRequest,
  changeStatus,
  rollbackRequest,
];

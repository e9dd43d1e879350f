import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createMcpServer, type McpServerOptions } from './create-mcp-server.js';

/** The real MCP server for one agent and an SDK client talking to it in this process (the agent tour, benches). */
export async function connectInProcess(options: McpServerOptions): Promise<Client> {
  const server = createMcpServer(options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'larkgate', version: options.version });
  await client.connect(clientSide);
  return client;
}

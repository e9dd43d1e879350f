import type { Server } from 'node:http';
import express from 'express';
import { createBaseApi } from './base/create-base-api.js';
import { createContactRouter } from './contact/create-contact-router.js';
import { createPermissionAuthRouter } from './discovery/create-permission-auth-router.js';
import { createScopeListRouter } from './discovery/create-scope-list-router.js';
import { type EmulatorOptions, resolveEmulatorOptions } from './emulator-options.js';
import { createChatRouter } from './im/create-chat-router.js';
import { createImApi } from './im/create-im-api.js';
import { createImageRouter } from './im/create-image-router.js';
import { createPlatform } from './platform/create-platform.js';
import type { EmulatorSeed } from './seed.js';
import { createUiRouter } from './ui/create-ui-router.js';
import { createWsControlRouter } from './ws/create-ws-control-router.js';
import { createWsEndpointRouter } from './ws/create-ws-endpoint-router.js';
import { createWsGateway } from './ws/create-ws-gateway.js';

export type Emulator = {
  url: string;
  port: number;
  close(): Promise<void>;
};

export type StartEmulatorOptions = EmulatorOptions & { port?: number; host?: string };

/**
 * Starts the Lark emulator: the token, Base, IM, contact (user names) and bot-info APIs that the unmodified node-sdk talks to,
 * plus the `/__emulator` control API (loopback only) that tests, the demo and people drive it with.
 *
 * Request pipeline: body parsing and request log → control API → token route → endpoint match, auth,
 * faults and rate limits (platform) → Base or IM route.
 */
export async function startEmulator(
  seed: EmulatorSeed,
  options: StartEmulatorOptions = {},
): Promise<Emulator> {
  const resolved = resolveEmulatorOptions(options);
  const platform = createPlatform(seed, resolved);
  const base = createBaseApi(seed, resolved, platform);
  const ws = createWsGateway({
    clientConfig: resolved.wsClientConfig,
    fragmentBytes: resolved.wsFragmentBytes,
    clock: resolved.clock,
  });
  const im = createImApi(seed, resolved, platform, ws);
  let selfUrl = '';

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(platform.beforeRoutes);
  app.use(
    '/__emulator',
    platform.controlRouter,
    base.controlRouter,
    im.controlRouter,
    createWsControlRouter(ws),
    createUiRouter(seed),
  );
  app.use(
    createWsEndpointRouter({
      seed,
      gateway: ws,
      clientConfig: resolved.wsClientConfig,
      selfUrl: () => selfUrl,
    }),
  );
  app.use(platform.authRouter);
  app.use(platform.apiGuard);
  app.use(base.router);
  app.use(im.router);
  app.use(createChatRouter(seed, im.store));
  app.use(createImageRouter(im.store));
  app.use(createContactRouter(seed, im.store));
  app.use(createScopeListRouter(seed), createPermissionAuthRouter(seed));
  app.use(platform.afterRoutes);

  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    // Express 5 passes a listen error (a busy port) to this callback: resolving anyway would report port 0.
    const listening = app.listen(options.port ?? 0, host, (error) =>
      error ? reject(error) : resolve(listening),
    );
    listening.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  im.setSelfUrl(`http://${host}:${port}`);
  selfUrl = `http://${host}:${port}`;
  ws.attach(server);

  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      await im.close();
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

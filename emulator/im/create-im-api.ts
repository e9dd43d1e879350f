import type { Router } from 'express';
import express from 'express';
import type { ResolvedEmulatorOptions } from '../emulator-options.js';
import type { Platform } from '../platform/create-platform.js';
import type { EmulatorSeed } from '../seed.js';

/**
 * IM messages, bot info, event pushes and card-click relay, and the chat control API
 * (`/__emulator/chats/…`, `/__emulator/messages/…/actions`). (Skeleton.)
 */
export type ImApi = {
  router: Router;
  controlRouter: Router;
  /** The emulator's own base URL, known once it listens. */
  setSelfUrl(url: string): void;
  /** Stops pending pushes and retries. */
  close(): Promise<void>;
};

export function createImApi(seed: EmulatorSeed, options: ResolvedEmulatorOptions, platform: Platform): ImApi {
  void seed;
  void options;
  void platform;
  return {
    router: express.Router(),
    controlRouter: express.Router(),
    setSelfUrl: () => undefined,
    close: async () => undefined,
  };
}

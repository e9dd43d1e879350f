import type { Router } from 'express';
import express from 'express';
import type { ResolvedEmulatorOptions } from '../emulator-options.js';
import type { Platform } from '../platform/create-platform.js';
import type { EmulatorSeed } from '../seed.js';

/** Base (Bitable) v1 routes and `GET /__emulator/bases/:app_token`. (Skeleton.) */
export type BaseApi = { router: Router; controlRouter: Router };

export function createBaseApi(
  seed: EmulatorSeed,
  options: ResolvedEmulatorOptions,
  platform: Platform,
): BaseApi {
  void seed;
  void options;
  void platform;
  return { router: express.Router(), controlRouter: express.Router() };
}

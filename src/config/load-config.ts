import { dirname, isAbsolute, resolve } from 'node:path';
import type { Policy } from '../domain/policy.js';
import { AllowedEndpoints } from './allowed-endpoints.js';
import { buildPolicy } from './build-policy.js';
import { LarkApiLimits } from './lark-api-limits.js';
import { LarkgateConfig } from './larkgate-config.js';
import { parseConfigFile } from './parse-config-file.js';

export type LoadedConfig = {
  path: string;
  dir: string;
  config: LarkgateConfig;
  endpoints: AllowedEndpoints;
  limits: LarkApiLimits;
  policy: Policy;
};

/**
 * Loads larkgate.yaml and the two files it names (allowed_endpoints.yaml, lark-api-limits.yaml, relative to
 * it), strictly. There is no permissive default: any problem throws a ConfigError naming file, key and fix.
 */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  const configPath = resolve(path);
  const dir = dirname(configPath);
  const config = await parseConfigFile(configPath, LarkgateConfig);
  const endpointsPath = resolveFrom(dir, config.files.allowed_endpoints);
  const limitsPath = resolveFrom(dir, config.files.lark_api_limits);
  const endpoints = await parseConfigFile(endpointsPath, AllowedEndpoints);
  const limits = await parseConfigFile(limitsPath, LarkApiLimits);
  const policy = buildPolicy({
    config,
    endpoints,
    limits,
    paths: { config: configPath, endpoints: endpointsPath, limits: limitsPath },
  });
  return { path: configPath, dir, config, endpoints, limits, policy };
}

export function resolveFrom(dir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dir, path);
}

import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/canonical-json.js';
import { parseDuration } from '../domain/parse-duration.js';
import type { BasePolicy, Policy } from '../domain/policy.js';
import { findTierViolations } from '../domain/tiers.js';
import type { AllowedEndpoints } from './allowed-endpoints.js';
import { buildAgentPolicies } from './build-agent-policies.js';
import { ConfigError } from './config-error.js';
import type { LarkApiLimits } from './lark-api-limits.js';
import type { LarkgateConfig } from './larkgate-config.js';

export type PolicyFiles = {
  config: LarkgateConfig;
  endpoints: AllowedEndpoints;
  limits: LarkApiLimits;
  paths: { config: string; endpoints: string; limits: string };
};

/**
 * Cross-checks the three policy files and builds the guard's Policy. Anything the schemas alone cannot
 * catch (unknown groups, duplicate aliases, a base looser than its tier, an endpoint without a limit)
 * stops here with a ConfigError.
 */
export function buildPolicy(files: PolicyFiles): Policy {
  const { config, endpoints, limits, paths } = files;
  const seenAliases = new Set<string>();
  const seenTokens = new Set<string>();
  const bases: BasePolicy[] = config.bases.map((base, index) => {
    const key = `bases[${index}]`;
    if (seenAliases.has(base.alias))
      throw new ConfigError(
        paths.config,
        `${key}.alias`,
        `alias "${base.alias}" is used twice`,
        'config.duplicate',
      );
    if (seenTokens.has(base.app_token)) {
      throw new ConfigError(
        paths.config,
        `${key}.app_token`,
        'this app_token is configured twice',
        'config.duplicate',
      );
    }
    seenAliases.add(base.alias);
    seenTokens.add(base.app_token);

    const approverGroups: Record<string, string[]> = {};
    for (const group of base.approver_groups) {
      const members = config.approver_groups[group];
      if (!members) {
        throw new ConfigError(
          paths.config,
          `${key}.approver_groups`,
          `group "${group}" is not defined under approver_groups`,
          'config.unknown_group',
        );
      }
      approverGroups[group] = members;
    }
    const approvers = [...new Set([...base.approvers, ...Object.values(approverGroups).flat()])];
    if (base.stage === 'limited' && !base.limited) {
      throw new ConfigError(
        paths.config,
        `${key}.limited`,
        'stage "limited" needs a limited block: requesters, ops, max_records',
        'config.limited_block_missing',
      );
    }
    const violations = findTierViolations({
      tier: base.tier,
      stage: base.stage,
      approvalsNeeded: base.approvals_needed,
      approverCount: approvers.length,
      approverGroupCount: base.approver_groups.length,
      distinctGroupsRequired: base.distinct_groups,
    });
    if (violations.length > 0) {
      throw new ConfigError(
        paths.config,
        key,
        `base "${base.alias}" is looser than its tier: ${violations.join('; ')}`,
        'config.tier_violation',
      );
    }
    const ttl = parseDuration(base.approval_ttl ?? config.approvals.ttl) as number;
    return {
      alias: base.alias,
      name: base.name ?? base.alias,
      appToken: base.app_token,
      tier: base.tier,
      stage: base.stage,
      staging: base.staging,
      tables: base.tables,
      approvers,
      approverGroups,
      approvalsNeeded: base.approvals_needed,
      distinctGroups: base.distinct_groups,
      approvalTtlMs: ttl,
      requesters: base.requesters ?? null,
      marker: base.marker ?? null,
      tempTablePrefix: base.temp_table_prefix,
      maxRecordsPerRequest: base.max_records_per_request,
      limited: base.limited
        ? { requesters: base.limited.requesters, ops: base.limited.ops, maxRecords: base.limited.max_records }
        : null,
    };
  });

  const ids = new Set<string>();
  endpoints.endpoints.forEach((endpoint, index) => {
    if (ids.has(endpoint.id))
      throw new ConfigError(
        paths.endpoints,
        `endpoints[${index}].id`,
        `"${endpoint.id}" is listed twice`,
        'config.duplicate',
      );
    ids.add(endpoint.id);
    if (!limits.rate_limits[endpoint.id]) {
      throw new ConfigError(
        paths.limits,
        'rate_limits',
        `no rate limit for allowed endpoint "${endpoint.id}": add it with its source, so Larkgate never exceeds it`,
        'config.endpoint_without_limit',
      );
    }
  });
  if (!ids.has('auth.tenant_access_token')) {
    throw new ConfigError(
      paths.endpoints,
      'endpoints',
      'auth.tenant_access_token must be allowed, or no call can be made',
      'config.token_endpoint_missing',
    );
  }

  return {
    bases,
    agents: buildAgentPolicies(config, bases, paths.config),
    requestChats: config.chats.requests,
    auditChat: config.chats.audit,
    oncallChat: config.chats.oncall ?? null,
    drillsChat: config.chats.drills ?? null,
    allowDirectMessages: config.chats.allow_direct_messages,
    ...(config.chats.locale ? { locale: config.chats.locale } : {}),
    ...(config.chats.user_locales ? { userLocales: config.chats.user_locales } : {}),
    batchDeleteMaxRecords: limits.requests.batch_delete_max_records.max,
    hash: createHash('sha256').update(canonicalJson({ config, endpoints, limits })).digest('hex'),
  };
}

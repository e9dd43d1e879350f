import type { GovernedRequest, SchemaPlan, WritePlan } from './governed-request.js';

export type RecordsRequest = GovernedRequest & { plan: WritePlan };
export type SchemaRequest = GovernedRequest & { plan: SchemaPlan };

export function isRecordsRequest(request: GovernedRequest): request is RecordsRequest {
  return request.plan.kind === 'records';
}

export function isSchemaRequest(request: GovernedRequest): request is SchemaRequest {
  return request.plan.kind === 'schema';
}

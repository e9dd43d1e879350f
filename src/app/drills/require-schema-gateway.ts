import type { SchemaGateway } from '../../ports/schema-gateway.js';
import type { DrillDeps } from './drill-deps.js';
import { DrillProblem } from './drill-problem.js';

/** The schema gateway a drill needs to make and remove its temp table; a process without one cannot drill. */
export function requireSchemaGateway(deps: DrillDeps): SchemaGateway {
  if (!deps.chat.schema) throw new DrillProblem('this process cannot change schemas (no schema gateway)');
  return deps.chat.schema;
}

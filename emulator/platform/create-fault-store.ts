import { z } from 'zod';

export const FaultInput = z.strictObject({
  kind: z.enum([
    'latency',
    'rate_limit',
    'server_error',
    'write_conflict',
    'timeout_after_apply',
    'server_error_after_apply',
  ]),
  path_prefix: z.string().startsWith('/'),
  /** Match the path exactly instead of as a prefix (aim at `…/records` without `…/records/search`). */
  exact: z.boolean().default(false),
  method: z
    .string()
    .transform((method) => method.toUpperCase())
    .pipe(z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']))
    .optional(),
  /** How many matching requests it affects; -1 = until cleared. */
  count: z
    .number()
    .int()
    .refine((count) => count === -1 || count >= 1, 'count is -1 (until cleared) or at least 1')
    .default(1),
  latency_ms: z.number().int().min(0).max(600_000).optional(),
  status: z.number().int().min(100).max(599).optional(),
  code: z.number().int().optional(),
  reset_seconds: z.number().int().min(1).optional(),
});
export type FaultInput = z.infer<typeof FaultInput>;

export type Fault = FaultInput & { id: string; remaining: number };

export type FaultStore = {
  add(input: FaultInput): Fault;
  list(): Fault[];
  clear(): void;
  /** The oldest fault matching the request, with one count consumed; undefined when none matches. */
  take(method: string, path: string): Fault | undefined;
};

export function createFaultStore(): FaultStore {
  let faults: Fault[] = [];
  let nextId = 1;

  return {
    add(input) {
      const fault = { ...input, id: `fault_${nextId++}`, remaining: input.count };
      faults.push(fault);
      return { ...fault };
    },
    list() {
      return faults.map((fault) => ({ ...fault }));
    },
    clear() {
      faults = [];
    },
    take(method, path) {
      const fault = faults.find(
        (candidate) =>
          (candidate.exact ? path === candidate.path_prefix : path.startsWith(candidate.path_prefix)) &&
          (candidate.method === undefined || candidate.method === method.toUpperCase()),
      );
      if (!fault) return undefined;
      if (fault.remaining !== -1) {
        fault.remaining -= 1;
        if (fault.remaining === 0) faults = faults.filter((other) => other !== fault);
      }
      return { ...fault };
    },
  };
}

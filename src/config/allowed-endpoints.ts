import { z } from 'zod';

const Method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** `allowed_endpoints.yaml`: every Lark endpoint Larkgate may call, and which feature uses it. */
export const AllowedEndpoints = z.strictObject({
  version: z.literal(1),
  endpoints: z
    .array(
      z.strictObject({
        id: z
          .string()
          .regex(/^[a-z_]+(\.[a-z_]+)+$/, { message: 'an endpoint id looks like bitable.record.update' }),
        method: Method,
        path: z.string().regex(/^\/open-apis\/[A-Za-z0-9_/:.-]+$/, {
          message: 'a path template starts with /open-apis/ and uses :name for parameters',
        }),
        used_by: z.array(z.string().min(1)).min(1),
      }),
    )
    .min(1),
});
export type AllowedEndpoints = z.infer<typeof AllowedEndpoints>;
export type AllowedEndpoint = AllowedEndpoints['endpoints'][number];

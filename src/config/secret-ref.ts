import { z } from 'zod';

/** `secret://env/NAME` or `secret://file/PATH`: the only way a secret may appear in config. */
export const SECRET_REF_PATTERN = /^secret:\/\/(env\/[A-Za-z_][A-Za-z0-9_]*|file\/.+)$/;

export const SecretRef = z.string().refine((text) => SECRET_REF_PATTERN.test(text), {
  message:
    'a literal secret is not allowed here: write a reference, secret://env/NAME (an environment variable) or secret://file/PATH (a file holding the value)',
  params: { problem: 'config.literal_secret' },
});
export type SecretRef = z.infer<typeof SecretRef>;

export type ParsedSecretRef = { source: 'env'; name: string } | { source: 'file'; path: string };

export function parseSecretRef(ref: string): ParsedSecretRef | undefined {
  if (!SECRET_REF_PATTERN.test(ref)) return undefined;
  const rest = ref.slice('secret://'.length);
  if (rest.startsWith('env/')) return { source: 'env', name: rest.slice(4) };
  return { source: 'file', path: rest.slice(5) };
}

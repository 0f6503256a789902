import { z } from 'zod';

/** What a key may do: read results and topologies, ask for models, or run the operator's actions. */
export const API_SCOPES = ['read', 'model', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const apiKeySchema = z
  .object({
    /** Who holds the key, as logs and rate limits name it (the key itself is never logged). */
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)'),
    /** SHA-256 of the key, hex (`printf %s "$KEY" | sha256sum`): only the hash is configured. */
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/i, '64 hex digits')
      .transform((hex) => hex.toLowerCase()),
    scopes: z.array(z.enum(API_SCOPES)).min(1),
  })
  .strict();

export const authSchema = z
  .object({
    /**
     * `auto`: keys are required unless the API listens on loopback only (then it is open, with a start-up
     * warning); `required`: always; `off`: never — an explicit opt-out for a trusted network.
     * @defaultValue auto
     */
    mode: z.enum(['auto', 'required', 'off']).default('auto'),
    /** The accepted keys, by their SHA-256; sent as `Authorization: Bearer <key>` or `x-api-key`. */
    keys: z.array(apiKeySchema).default([]),
  })
  .strict()
  .superRefine((auth, ctx) => {
    const names = auth.keys.map((k) => k.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated)
      ctx.addIssue({ code: 'custom', path: ['keys'], message: `key name "${repeated}" is used twice` });
  });

export type AuthSettings = z.infer<typeof authSchema>;
export type ApiKeySettings = AuthSettings['keys'][number];

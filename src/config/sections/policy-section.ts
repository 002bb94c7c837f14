import { z } from "zod";
import { MITIGATION_ACTIONS } from "../../domain/index.ts";
import type { VigilEnv } from "../env-schema.ts";
import { optionalString } from "../env-value.ts";

/** Who may approve: Slack user ids (U…/W…), user-group ids (S…) and API callers (`api:<name>`). */
const approverSetSchema = z.strictObject({
  users: z.array(z.string().min(1)).default([]),
  groups: z.array(z.string().min(1)).default([]),
});

const catalogAction = z.enum(MITIGATION_ACTIONS).exclude(["none"]);

/** Which actions one namespace (and optionally one service in it) allows; the most specific rule wins. */
const policyRuleSchema = z.strictObject({
  namespace: z.string().min(1),
  service: z.string().min(1).optional(),
  actions: z.array(catalogAction),
});

/**
 * Where `disable-flag` finds flag definitions: a flagd JSON document in a ConfigMap (or a file flagd
 * syncs from), and flagd's OFREP endpoint to read the result back.
 */
const flagdSchema = z
  .strictObject({
    configMap: z
      .strictObject({ namespace: z.string().min(1), name: z.string().min(1), key: z.string().min(1) })
      .optional(),
    file: z.string().min(1).optional(),
    ofrepUrl: z.url({ protocol: /^https?$/ }),
  })
  .refine((flagd) => (flagd.configMap === undefined) !== (flagd.file === undefined), {
    message: "give exactly one of configMap or file",
  });

/**
 * `policy:` in vigil.yaml: what Vigil may do and who may approve it. `approvers` is either one list
 * of user ids for every risk level, or one set per risk level.
 */
export const policyFileSchema = z.looseObject({
  /** dry-run (default) plans only; approve applies after an allowed approval; auto applies `autoActions`. */
  mode: z.enum(["dry-run", "approve", "auto"]).default("dry-run"),
  /** Low-risk actions `auto` mode may apply without waiting for a person. */
  autoActions: z.array(catalogAction).default([]),
  allowedActions: z.array(z.enum(MITIGATION_ACTIONS)).optional(),
  forbiddenNamespaces: z.array(z.string().min(1)).default(["kube-system"]),
  /** scale-out multiplies replicas by at most this. */
  maxScaleFactor: z.number().min(1).max(10).default(2),
  minConfidence: z.number().min(0).max(1).optional(),
  rules: z.array(policyRuleSchema).default([]),
  verify: z
    .strictObject({
      windowSeconds: z.number().int().min(10).max(3600).default(600),
      intervalSeconds: z.number().int().min(1).max(600).default(30),
    })
    .default({ windowSeconds: 600, intervalSeconds: 30 }),
  flagd: flagdSchema.optional(),
  /** An HTTP endpoint that switches traffic to a standby (see src/ports/failover.ts). */
  failover: z.strictObject({ url: z.url({ protocol: /^https?$/ }) }).optional(),
  approvers: z
    .union([
      z.array(z.string().min(1)).transform((users) => {
        const set = { users, groups: [] as string[] };
        return { low: set, medium: set, high: set };
      }),
      z.strictObject({
        low: approverSetSchema.optional(),
        medium: approverSetSchema.optional(),
        high: approverSetSchema.optional(),
      }),
    ])
    .optional()
    .transform((approvers) => {
      const none = { users: [] as string[], groups: [] as string[] };
      return {
        low: approvers?.low ?? none,
        medium: approvers?.medium ?? none,
        high: approvers?.high ?? none,
      };
    }),
});

export const policyEnvShape = {
  /** `name:token,…`: callers of the mitigation API; a caller acts as approver `api:<name>`. */
  VIGIL_API_TOKENS: optionalString().pipe(
    z
      .string()
      .regex(/^\s*[^:,\s]+:[^,\s]+\s*(,\s*[^:,\s]+:[^,\s]+\s*)*$/, "expected name:token[,name:token…]")
      .optional(),
  ),
  VIGIL_FAILOVER_TOKEN: optionalString(),
};

export type PolicyFileSection = z.output<typeof policyFileSchema>;
export type PolicyRule = z.output<typeof policyRuleSchema>;
export type ApproverSet = z.output<typeof approverSetSchema>;

export interface PolicySettings extends PolicyFileSection {
  /** API caller name -> its token, from VIGIL_API_TOKENS. */
  apiTokens: Record<string, string>;
  failoverToken: string | null;
}

/** null when vigil.yaml has no policy and no API tokens are set: Vigil plans only (dry-run). */
export function resolvePolicySettings(
  file: PolicyFileSection | undefined,
  env: VigilEnv,
): PolicySettings | null {
  const apiTokens = parseApiTokens(env.VIGIL_API_TOKENS);
  if (file === undefined && Object.keys(apiTokens).length === 0) return null;
  return {
    ...(file ?? policyFileSchema.parse({})),
    apiTokens,
    failoverToken: env.VIGIL_FAILOVER_TOKEN ?? null,
  };
}

function parseApiTokens(value: string | undefined): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const pair of (value ?? "").split(",")) {
    const separator = pair.indexOf(":");
    if (separator <= 0) continue;
    tokens[pair.slice(0, separator).trim()] = pair.slice(separator + 1).trim();
  }
  return tokens;
}

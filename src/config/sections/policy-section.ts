import { z } from "zod";
import { MITIGATION_ACTIONS } from "../../domain/index.ts";
import type { VigilEnv } from "../env-schema.ts";

/** Who may approve: Slack user ids (U…/W…) and user-group ids (S…). */
const approverSetSchema = z.strictObject({
  users: z.array(z.string().min(1)).default([]),
  groups: z.array(z.string().min(1)).default([]),
});

/**
 * `policy:` in vigil.yaml: what Vigil may do and who may approve it. `approvers` is either one list
 * of user ids for every risk level, or one set per risk level.
 */
export const policyFileSchema = z.looseObject({
  allowedActions: z.array(z.enum(MITIGATION_ACTIONS)).optional(),
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

export const policyEnvShape = {};

export type PolicyFileSection = z.output<typeof policyFileSchema>;
export type PolicySettings = PolicyFileSection;
export type ApproverSet = z.output<typeof approverSetSchema>;

export function resolvePolicySettings(
  file: PolicyFileSection | undefined,
  _env: VigilEnv,
): PolicySettings | null {
  return file ?? null;
}

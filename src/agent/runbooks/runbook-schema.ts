import { z } from "zod";
import { MITIGATION_ACTIONS, ROOT_CAUSE_KINDS } from "../../domain/root-cause.ts";

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, "i");
    return true;
  } catch {
    return false;
  }
}

const pattern = z.string().min(1).refine(compiles, { error: "is not a valid regular expression" });

const runbookMatchSchema = z
  .strictObject({
    alertname: pattern.optional(),
    labels: z.record(z.string().min(1), pattern).optional(),
    text: pattern.optional(),
  })
  .refine(
    (m) => m.alertname !== undefined || m.text !== undefined || Object.keys(m.labels ?? {}).length > 0,
    {
      error: "needs at least one of alertname, labels or text",
    },
  );

/** The YAML front matter of a runbook. Unknown keys are errors so a typo never silently disables a rule. */
export const runbookFrontMatterSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: "must be kebab-case: [a-z0-9-]" }),
  title: z.string().trim().min(1),
  matches: z.array(runbookMatchSchema),
  kinds: z.array(z.enum(ROOT_CAUSE_KINDS)),
  mitigations: z.array(z.enum(MITIGATION_ACTIONS)),
  severity: z.enum(["critical", "error", "warning", "info"]).optional(),
});

export type RunbookFrontMatter = z.infer<typeof runbookFrontMatterSchema>;

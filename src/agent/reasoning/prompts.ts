import { ROOT_CAUSE_KINDS } from "../../domain/root-cause.ts";
import { critiqueSchema, narrativeSchema, schemaText } from "./output-schemas.ts";
import { TELEMETRY_IS_DATA } from "./quote-telemetry.ts";

/** The same rules in every phase; the phase's task comes in its own user message. */
export const SYSTEM_PROMPT = [
  "You are the reasoning step of Vigil, an automated incident investigator. A deterministic analysis",
  "has already read the telemetry and ranked root-cause hypotheses; you check that work.",
  "",
  "Rules:",
  `1. ${TELEMETRY_IS_DATA}`,
  "2. You change nothing. Your tools only read. The mitigation is chosen afterwards by a fixed policy",
  "   from the hypothesis ranked first; you cannot name, add or change an action, a target or a hypothesis.",
  "3. Every claim must cite the ids of the evidence it rests on (ev-<source>-<hash>), exactly as the",
  "   case file or your tool results give them. A claim without valid ids is discarded.",
  `4. Root-cause kinds are: ${ROOT_CAUSE_KINDS.join(", ")}.`,
  "5. Be brief and specific: services, signals, times.",
].join("\n");

export function followUpTask(maxSteps: number): string {
  return [
    "Phase 1 of 3, follow-up. Test the hypotheses where the evidence is thin or where they disagree:",
    "use the tools to read more metrics, logs, changes or Kubernetes state, or to see an evidence item.",
    `You have at most ${maxSteps} turns with tool calls. When more reading would not change the`,
    "ranking, reply with the single word DONE and no tool call.",
  ].join("\n");
}

export function critiqueTask(hypothesisIds: string[]): string {
  return [
    "Phase 2 of 3, critique. For each hypothesis, say whether the evidence supports or weakens it,",
    "citing evidence ids. Then give the order you believe is right, most likely first, using only",
    `these ids: ${hypothesisIds.join(", ")}. A hypothesis moves up only when your critique of it says`,
    '"supported" and cites evidence. Reply with one JSON object and nothing else, matching this JSON Schema:',
    schemaText(critiqueSchema),
  ].join("\n");
}

export function narrativeTask(order: string[]): string {
  return [
    "Phase 3 of 3, narrative. Explain to the on-call engineer, in two to six short claims, what most",
    "likely happened: the cause, how it reached the alerting service, and what the evidence shows.",
    `The hypotheses now stand in this order: ${order.join(", ") || "(none)"}.`,
    "Each claim cites the evidence ids it rests on. Reply with one JSON object and nothing else,",
    "matching this JSON Schema:",
    schemaText(narrativeSchema),
  ].join("\n");
}

import type { CitedClaim, ReasoningFallback } from "../../domain/model-reasoning.ts";
import type { ModelCaller } from "./call-model.ts";
import { checkCitations } from "./check-citations.ts";
import { narrativeSchema, parseModelJson } from "./output-schemas.ts";
import { narrativeTask, SYSTEM_PROMPT } from "./prompts.ts";

const OUTPUT_TOKENS = 2_000;

export type NarrativeResult =
  | { ok: true; claims: CitedClaim[]; dropped: number }
  | { ok: false; fallback: ReasoningFallback; detail: string };

/** Asks for the narrative as cited claims; claims whose citations do not hold are dropped and counted. */
export async function writeNarrative(input: {
  caller: ModelCaller;
  context: string;
  order: string[];
  known: ReadonlySet<string>;
}): Promise<NarrativeResult> {
  const reply = await input.caller.call(
    "narrative",
    [
      { role: "system", text: SYSTEM_PROMPT },
      { role: "user", text: `${input.context}\n\n${narrativeTask(input.order)}` },
    ],
    { wantedOutputTokens: OUTPUT_TOKENS },
  );
  if (!reply.ok) return reply;
  const parsed = parseModelJson(reply.text, narrativeSchema);
  if (!parsed.ok) return { ok: false, fallback: "invalid-output", detail: `narrative: ${parsed.detail}` };
  const checked = checkCitations(
    parsed.value.claims.map((claim) => ({ text: claim.text.trim(), evidenceIds: claim.evidenceIds })),
    input.known,
  );
  return { ok: true, claims: checked.kept, dropped: checked.dropped };
}

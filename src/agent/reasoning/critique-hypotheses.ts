import type { HypothesisCritique, ReasoningFallback } from "../../domain/model-reasoning.ts";
import type { Hypothesis } from "../../domain/rca.ts";
import type { ModelCaller } from "./call-model.ts";
import { hypothesisId } from "./case-file.ts";
import { checkCitations } from "./check-citations.ts";
import { critiqueSchema, parseModelJson } from "./output-schemas.ts";
import { critiqueTask, SYSTEM_PROMPT } from "./prompts.ts";

const OUTPUT_TOKENS = 2_000;

export type CritiqueResult =
  | {
      ok: true;
      critique: HypothesisCritique[];
      dropped: number;
      order: string[];
      /** Hypothesis ids with a kept critique that says "supported": the ones allowed to move up. */
      supported: Set<string>;
    }
  | { ok: false; fallback: ReasoningFallback; detail: string };

/**
 * Asks the model to critique each deterministic hypothesis and propose an order. Critiques of
 * hypotheses that do not exist, and critiques whose citations do not hold, are dropped and counted.
 */
export async function critiqueHypotheses(input: {
  caller: ModelCaller;
  context: string;
  hypotheses: readonly Hypothesis[];
  known: ReadonlySet<string>;
}): Promise<CritiqueResult> {
  const ids = input.hypotheses.map((_, index) => hypothesisId(index));
  const reply = await input.caller.call(
    "critique",
    [
      { role: "system", text: SYSTEM_PROMPT },
      { role: "user", text: `${input.context}\n\n${critiqueTask(ids)}` },
    ],
    { wantedOutputTokens: OUTPUT_TOKENS },
  );
  if (!reply.ok) return reply;
  const parsed = parseModelJson(reply.text, critiqueSchema);
  if (!parsed.ok) return { ok: false, fallback: "invalid-output", detail: `critique: ${parsed.detail}` };

  const aboutKnown = parsed.value.critiques.flatMap((entry) => {
    const hypothesis = input.hypotheses[ids.indexOf(entry.hypothesis.trim())];
    if (!hypothesis) return [];
    return [
      {
        id: entry.hypothesis.trim(),
        critique: {
          service: hypothesis.service,
          kind: hypothesis.kind,
          verdict: entry.verdict,
          reason: entry.reason,
          evidenceIds: entry.evidenceIds,
        } satisfies HypothesisCritique,
      },
    ];
  });
  const checked = checkCitations(
    aboutKnown.map((entry) => ({ ...entry.critique, id: entry.id })),
    input.known,
  );
  const supported = new Set(
    checked.kept.filter((entry) => entry.verdict === "supported").map((entry) => entry.id),
  );
  return {
    ok: true,
    critique: checked.kept.map(({ id: _id, ...critique }) => critique),
    dropped: parsed.value.critiques.length - checked.kept.length,
    order: parsed.value.order,
    supported,
  };
}

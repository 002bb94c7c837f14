import type { ModelReasoning } from "../domain/model-reasoning.ts";
import { cite, code, prose } from "./markdown-text.ts";

/**
 * The "Model reasoning" section of an RCA: the narrative's cited claims, the critique, whether the
 * ranking changed, the follow-up queries and what the model cost; or, when its output was not used,
 * why, and that the deterministic analysis stands. Everything the model wrote is escaped prose.
 */
export function renderReasoningMarkdown(r: ModelReasoning): string {
  const by = `${code(r.provider)} ${code(r.model)}`;
  const cost = `$${r.usage.costUsd.toFixed(4)}${r.usage.costKnown === false ? " (price unknown, counted as 0)" : ""}`;
  const usage = `- Usage: ${r.usage.calls} call(s), ${r.usage.inputTokens} input and ${r.usage.outputTokens} output tokens, ${cost}`;
  const followUps = (r.followUps ?? []).map(
    (q) =>
      `- ${code(q.tool)} ${code(q.query)}${q.evidenceId ? ` → [${prose(q.evidenceId)}]` : ""}${q.error ? `: ${code(q.error)}` : ""}`,
  );
  const queries = followUps.length === 0 ? [] : ["", "Follow-up queries:", "", ...followUps];
  if (r.fellBack !== undefined) {
    const detail = r.fellBackDetail === undefined ? "" : `: ${prose(r.fellBackDetail)}`;
    return [
      `The model's output (${by}) was not used (${code(r.fellBack)}${detail}); the deterministic analysis stands.`,
      "",
      usage,
      ...queries,
    ].join("\n");
  }
  const claims = r.claims.map((claim) => `- ${prose(claim.text)} ${cite(claim.evidenceIds)}`);
  const critique = (r.critique ?? []).map(
    (c) => `- ${code(c.service)} ${code(c.kind)}: ${c.verdict}, ${prose(c.reason)} ${cite(c.evidenceIds)}`,
  );
  const order = r.reranked
    ? "The model re-ranked the hypotheses; each one it moved up cites evidence."
    : `The deterministic ranking stands${r.rerankRefused ? ` (re-rank refused: ${prose(r.rerankRefused)})` : ""}.`;
  const dropped =
    r.droppedClaims === 0 ? "" : ` ${r.droppedClaims} claim(s) without valid evidence were dropped.`;
  return [
    `Narrative by ${by}, every claim citing its evidence.${dropped}`,
    "",
    ...claims,
    ...(critique.length === 0 ? [] : ["", "Critique:", "", ...critique]),
    "",
    order,
    "",
    usage,
    ...queries,
  ].join("\n");
}

import type { Evidence } from "./evidence.ts";
import type { RootCauseKind } from "./root-cause.ts";

/** A sentence of the model's narrative and the evidence it rests on (ids that exist in the RCA). */
export interface CitedClaim {
  text: string;
  evidenceIds: string[];
}

/** Why the model's contribution was not used; the deterministic RCA then stands unchanged. */
export type ReasoningFallback =
  /** A call would have gone over the per-investigation limits on calls or tokens. */
  | "budget"
  /** The model answered with something that is not the JSON asked for. */
  | "invalid-output"
  /** The provider could not be reached, refused the call, or timed out. */
  | "provider-error"
  /** Every claim of the narrative lacked valid evidence ids. */
  | "no-cited-claims";

/** The model's verdict on one deterministic hypothesis, kept only when it cites existing evidence. */
export interface HypothesisCritique {
  service: string;
  kind: RootCauseKind;
  verdict: "supported" | "weakened" | "unclear";
  reason: string;
  evidenceIds: string[];
}

/** One read-only query the model asked for during its follow-up loop. */
export interface FollowUpQuery {
  tool: string;
  query: string;
  /** The evidence the answer became; null when the source could not answer. */
  evidenceId: string | null;
  error?: string;
}

/** Tokens, calls and cost of the model's part of one investigation. */
export interface ModelUsage {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** False when the price table does not know the model: `costUsd` then counts it as free. */
  costKnown?: boolean;
}

/** What an optional model added to an investigation, and what it cost. */
export interface ModelReasoning {
  provider: string;
  model: string;
  /** Plain-words explanation built only from cited claims. */
  narrative: string;
  claims: CitedClaim[];
  /** Claims the model made without valid evidence ids; dropped, never shown. */
  droppedClaims: number;
  usage: ModelUsage;
  /** Set when the model's output was not used (invalid, over budget, provider down) and why. */
  fellBack?: ReasoningFallback | (string & {});
  /** What went wrong in words, for people; never contains prompt text. */
  fellBackDetail?: string;
  /** The follow-up queries, in the order the model asked for them. */
  followUps?: FollowUpQuery[];
  /**
   * Evidence read by the follow-up queries, with stable ids (same query and range, same id); the
   * RCA carries the items that a claim or critique cites.
   */
  evidence?: Evidence[];
  /** Cited critiques of the deterministic hypotheses. */
  critique?: HypothesisCritique[];
  /** Whether the hypotheses were re-ordered; the rule is in `src/agent/reasoning/rerank-hypotheses.ts`. */
  reranked?: boolean;
  /** Why the model's proposed order was not adopted, when it differed and was refused. */
  rerankRefused?: string;
}

/** One model call, as it is accounted (usage table, audit event); never any prompt text. */
export interface ModelCallUsage {
  phase: "follow-up" | "critique" | "narrative";
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costKnown: boolean;
  durationMs: number;
  outcome: "ok" | "error";
  /** The provider's error, secrets redacted, when the call failed. */
  error?: string;
}

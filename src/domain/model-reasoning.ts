/** A sentence of the model's narrative and the evidence it rests on (ids that exist in the RCA). */
export interface CitedClaim {
  text: string;
  evidenceIds: string[];
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
  usage: { calls: number; inputTokens: number; outputTokens: number; costUsd: number };
  /** Set when the model's output was not used (invalid, over budget, provider down) and why. */
  fellBack?: string;
}

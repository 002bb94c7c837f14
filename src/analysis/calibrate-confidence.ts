export interface ConfidenceCoefficients {
  intercept: number;
  /** Per unit of the top hypothesis's raw score (0..1). */
  score: number;
  /** Per unit of its lead over the runner-up (0..1). */
  margin: number;
  /** Per unit of ln(1 + evidence count): each extra item matters less. */
  evidence: number;
}

/**
 * Hand-set starting point, to be refitted (logistic regression of correct-at-1 on the same
 * features) once the eval reports accuracy per confidence bucket. With them: a 0.3 score with a
 * thin lead and one item gives about 0.3; 0.5 / 0.1 / 2 items about 0.55; 0.8 / 0.4 / 3 about 0.9.
 */
export const DEFAULT_CONFIDENCE_COEFFICIENTS: Readonly<ConfidenceCoefficients> = {
  intercept: -2.5,
  score: 3,
  margin: 3,
  evidence: 0.8,
};

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/**
 * Maps what the ranker knows about its top hypothesis to a probability-like confidence in
 * 0..1: σ(intercept + a·score + b·margin + c·ln(1 + evidence)). Monotone: a higher score, a
 * wider lead over the second hypothesis, or more evidence never lowers it. Inputs are clamped
 * (score and margin to 0..1, evidence to ≥ 0).
 */
export function calibrateConfidence(
  rawScore: number,
  marginToSecond: number,
  evidenceCount: number,
  coefficients: Readonly<ConfidenceCoefficients> = DEFAULT_CONFIDENCE_COEFFICIENTS,
): number {
  const evidence = Number.isFinite(evidenceCount) ? Math.max(0, evidenceCount) : 0;
  const logit =
    coefficients.intercept +
    coefficients.score * clamp01(rawScore) +
    coefficients.margin * clamp01(marginToSecond) +
    coefficients.evidence * Math.log1p(evidence);
  return 1 / (1 + Math.exp(-logit));
}

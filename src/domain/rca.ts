import type { Evidence, Finding, InvestigationGap } from "./evidence.ts";
import type { ModelReasoning } from "./model-reasoning.ts";
import type { MitigationAction, MitigationTarget, RootCauseKind } from "./root-cause.ts";

export interface Hypothesis {
  service: string;
  kind: RootCauseKind;
  confidence: number;
  evidenceIds: string[];
  explanation: string;
  /** From cause to symptom, e.g. ["payments-db", "payments", "checkout"]. */
  causalChain: string[];
  changeId?: string;
  /** A flag key, config key or node name, when the cause is that specific. */
  subject?: string;
  /** Unix seconds: when the symptoms of this cause began, when known. */
  onset?: number;
}

export interface RuledOut {
  service: string;
  kind: RootCauseKind;
  reason: string;
  evidenceIds: string[];
}

export interface MitigationProposal {
  action: MitigationAction;
  target?: MitigationTarget;
  why: string;
  /** How the action is undone. */
  reverse: string;
  risk: "low" | "medium" | "high";
  evidenceIds: string[];
  /** Set when policy refused what the analysis would have proposed. */
  refused?: { action: MitigationAction; target?: MitigationTarget; reason: string };
}

export interface RcaDocument {
  incidentId: string;
  mode: "deterministic" | "model";
  summary: string;
  window: { start: string; end: string; onset: string | null };
  services: string[];
  top: Hypothesis | null;
  alternatives: Hypothesis[];
  ruledOut: RuledOut[];
  gaps: InvestigationGap[];
  findings: Finding[];
  evidence: Evidence[];
  mitigation: MitigationProposal;
  runbook: { id: string; title: string } | null;
  /** Present when a model took part; the deterministic analysis above stands on its own. */
  reasoning?: ModelReasoning;
  createdAt: string;
}

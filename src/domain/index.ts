export type { Alert, AlertSource, AlertStatus } from "./alert.ts";
export type {
  Evidence,
  EvidenceSource,
  Finding,
  InvestigationGap,
  InvestigatorName,
  InvestigatorResult,
  ServiceAnomaly,
} from "./evidence.ts";
export type {
  MitigationDecision,
  MitigationMode,
  MitigationPlan,
  MitigationState,
  MitigationStatus,
  PlanChange,
} from "./mitigation-plan.ts";
export { MITIGATION_STATES } from "./mitigation-plan.ts";
export type { CitedClaim, ModelReasoning } from "./model-reasoning.ts";
export type { Hypothesis, MitigationProposal, RcaDocument, RuledOut } from "./rca.ts";
export type { MitigationAction, MitigationTarget, RootCauseKind, TargetKind } from "./root-cause.ts";
export { MITIGATION_ACTIONS, ROOT_CAUSE_KINDS, TARGET_KINDS } from "./root-cause.ts";

import type {
  Evidence,
  Finding,
  InvestigationGap,
  InvestigatorName,
  ServiceAnomaly,
} from "../../domain/evidence.ts";
import type { DataSources } from "../../ports/data-sources.ts";
import type { InvestigationScope } from "../investigation-scope.ts";

export interface InvestigatorOutput {
  findings: Finding[];
  evidence: Evidence[];
  anomalies: ServiceAnomaly[];
  /** Sources that were partly unreadable while the investigator still produced a result. */
  gaps: InvestigationGap[];
}

/** One investigator: reads only through ports and returns findings backed by evidence. */
export interface Investigator {
  name: InvestigatorName;
  run(scope: InvestigationScope, sources: DataSources, signal: AbortSignal): Promise<InvestigatorOutput>;
}

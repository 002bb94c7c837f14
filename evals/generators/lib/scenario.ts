import type { CaseBuilder } from "./case-builder.ts";
import type { Platform } from "./model.ts";

/** One case to generate: where and when the fault happens, and how to build it. */
export interface Scenario {
  id: string;
  platform: Platform;
  /** RFC 3339: when the fault begins at its source. */
  faultAt: string;
  /** Minutes of telemetry before the fault. */
  beforeMin: number;
  step: 15 | 30 | 60;
  /** Seconds from the alert's startsAt to `now`. */
  nowAfter: number;
  build(b: CaseBuilder): void;
}

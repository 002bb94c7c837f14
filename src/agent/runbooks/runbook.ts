import type { MitigationAction, RootCauseKind } from "../../domain/root-cause.ts";

/**
 * One way an alert can select a runbook. Every field given must match (AND); a runbook matches
 * when any of its entries does (OR). Patterns are JavaScript regular expressions, unanchored and
 * case-insensitive, kept as strings so a runbook stays plain JSON in the checkpointed graph state.
 */
export interface RunbookMatch {
  /** Tested against the alert name (Alertmanager `alertname`, PagerDuty has none). */
  alertname?: string;
  /** Label name -> pattern; a label the alert does not carry does not match. */
  labels?: Record<string, string>;
  /** Tested against the alert's summary or title, for senders (PagerDuty) that carry only that. */
  text?: string;
}

export type RunbookSeverity = "critical" | "error" | "warning" | "info";

export interface Runbook {
  id: string;
  title: string;
  /** The file it was loaded from, as `join(dir, name)`. */
  file: string;
  matches: RunbookMatch[];
  /** Root-cause kinds this runbook is about. */
  kinds: RootCauseKind[];
  /** Catalog actions this runbook allows as mitigations. */
  mitigations: MitigationAction[];
  severity?: RunbookSeverity;
  /** The Markdown after the front matter. */
  body: string;
}

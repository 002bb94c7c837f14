export type ChangeKind = "deploy" | "config" | "feature-flag" | "migration" | "infra" | "scale";

/** A change event exactly as the replay-case spec describes it. */
export interface ChangeEvent {
  id: string;
  kind: ChangeKind | (string & {});
  service: string;
  namespace?: string;
  at: string;
  from?: string;
  to?: string;
  author?: string;
  summary?: string;
  origin?: string;
}

/**
 * Deploys, config changes, flag flips, migrations and infrastructure changes.
 *
 * - `list` returns the changes with `at` inside the range, oldest first; empty means none happened.
 * - A thrown `SourceUnavailableError` means the history could not be read; the caller records a gap.
 */
export interface ChangeSource {
  list(range: { start: number; end: number }, signal?: AbortSignal): Promise<ChangeEvent[]>;
}

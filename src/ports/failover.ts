import type { MitigationTarget } from "../domain/root-cause.ts";

export type FailoverSide = "primary" | "standby";

/** Which side serves a target now, and the version of that routing decision. */
export interface FailoverStatus {
  active: FailoverSide;
  /** Opaque; changes on every switch, so a stale switch can be refused. */
  version: string;
  /** What the primary and standby are, for the approver (e.g. "eu-west-1", "eu-central-1"). */
  primary?: string;
  standby?: string;
}

/** The routing changed since `version` was read; nothing switched. */
export class FailoverConflictError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "FailoverConflictError";
  }
}

/**
 * Switches a workload's traffic between its primary and a configured standby (DNS weights, a
 * service mesh route, a database proxy — whatever the installation uses behind this port).
 *
 * - `status` returns null when the target has no standby configured (failover is impossible).
 * - `switchTo` moves traffic to `side` only if the routing is still at `version`, otherwise throws
 *   `FailoverConflictError`; switching to the side already active is not an error.
 * - A thrown `SourceUnavailableError` means the router could not be asked; nothing switched.
 */
export interface FailoverPort {
  status(target: MitigationTarget, signal?: AbortSignal): Promise<FailoverStatus | null>;
  switchTo(
    target: MitigationTarget,
    side: FailoverSide,
    options: { version: string; signal?: AbortSignal },
  ): Promise<FailoverStatus>;
}

import type { MitigationTarget } from "../../src/domain/root-cause.ts";
import { FailoverConflictError, type FailoverPort, type FailoverStatus } from "../../src/ports/failover.ts";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";

export interface HttpFailoverOptions {
  /** Base URL of the installation's failover endpoint (see README.md for the protocol). */
  url: string;
  token?: string | null;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A `FailoverPort` over a small HTTP protocol the installation implements in front of whatever
 * switches its traffic (DNS weights, a mesh route, a database proxy):
 *
 * - `GET  {url}/targets/{kind}/{namespace|-}/{name}` → 200 `{ active, version, primary?, standby? }`,
 *   404 when the target has no standby;
 * - `POST {url}/targets/{kind}/{namespace|-}/{name}/switch` `{ to, expectedVersion }` → 200 the new
 *   status, 409 when the routing is no longer at `expectedVersion`.
 */
export function createHttpFailover(options: HttpFailoverOptions): FailoverPort {
  const call = async (method: "GET" | "POST", path: string, body?: unknown, signal?: AbortSignal) => {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
    const url = `${options.url.replace(/\/$/, "")}${path}`;
    try {
      return await (options.fetch ?? fetch)(url, {
        method,
        headers: {
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      throw new SourceUnavailableError("failover", `${method} ${url} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  const pathOf = (target: MitigationTarget) =>
    `/targets/${encodeURIComponent(target.kind)}/${encodeURIComponent(target.namespace ?? "-")}/${encodeURIComponent(target.name)}`;

  return {
    async status(target, signal) {
      const response = await call("GET", pathOf(target), undefined, signal);
      if (response.status === 404) return null;
      return await statusFrom(response);
    },
    async switchTo(target, side, { version, signal }) {
      const response = await call(
        "POST",
        `${pathOf(target)}/switch`,
        { to: side, expectedVersion: version },
        signal,
      );
      if (response.status === 409) {
        throw new FailoverConflictError(`${target.name}: routing changed since version ${version}`);
      }
      return await statusFrom(response);
    },
  };
}

async function statusFrom(response: Response): Promise<FailoverStatus> {
  const body = (await response.json().catch(() => null)) as Partial<FailoverStatus> | null;
  if (
    !response.ok ||
    !body ||
    (body.active !== "primary" && body.active !== "standby") ||
    typeof body.version !== "string"
  ) {
    throw new SourceUnavailableError(
      "failover",
      `failover endpoint answered ${response.status} without a status`,
    );
  }
  return {
    active: body.active,
    version: body.version,
    ...(typeof body.primary === "string" ? { primary: body.primary } : {}),
    ...(typeof body.standby === "string" ? { standby: body.standby } : {}),
  };
}

import type { ChangeSource } from "../../src/ports/change-source.ts";
import { SourceQueryError, SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { createHttpJsonClient, excerpt } from "../live/http-json-client.ts";
import { inRangeOldestFirst } from "../live/in-range-oldest-first.ts";
import { type ArgoApplication, mapArgoHistory } from "./map-argocd-history.ts";

export interface ArgocdChangeSourceOptions {
  /** The Argo CD server, e.g. `https://argocd.example.com`. */
  url: string;
  /** An API token (`argocd account generate-token`) of an account with `applications, get`. */
  token?: string | null;
  /** Application name -> service; only these are read. Empty or absent: all, each named after itself. */
  applications?: Readonly<Record<string, string>>;
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

/**
 * Deploys and config changes from Argo CD sync history (`GET /api/v1/applications`, each
 * application's `status.history`). Argo CD keeps the last `revisionHistoryLimit` (default 10) syncs
 * per application; older ones are gone.
 */
export function createArgocdChangeSource(options: ArgocdChangeSourceOptions): ChangeSource {
  const client = createHttpJsonClient({
    source: "changes",
    system: "Argo CD",
    url: options.url,
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const mapping = options.applications ?? {};
  const wanted = Object.keys(mapping);

  return {
    async list(range, signal) {
      if (!Number.isFinite(range.start) || !Number.isFinite(range.end) || range.end < range.start) {
        throw new SourceQueryError("changes", "end must be a time at or after start");
      }
      const answer = await client.get("api/v1/applications", {}, signal);
      if (answer.status >= 400) {
        throw new SourceUnavailableError(
          "changes",
          `Argo CD at ${client.endpoint} answered ${answer.status}: ${excerpt(answer.text)}`,
        );
      }
      const items = (answer.body as { items?: ArgoApplication[] | null }).items ?? [];
      if (!Array.isArray(items)) {
        throw new SourceUnavailableError(
          "changes",
          `Argo CD at ${client.endpoint} answered in an unknown shape`,
        );
      }
      const changes = items.flatMap((application) => {
        const name = application.metadata?.name ?? "";
        if (wanted.length > 0 && !wanted.includes(name)) return [];
        return mapArgoHistory(application, mapping[name] ?? name);
      });
      return inRangeOldestFirst(changes, range);
    },
  };
}

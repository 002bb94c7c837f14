import type { ChangeSource } from "../../src/ports/change-source.ts";
import { SourceQueryError, SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { createHttpJsonClient, excerpt, type HttpJsonClient } from "../live/http-json-client.ts";
import { inRangeOldestFirst } from "../live/in-range-oldest-first.ts";
import {
  effectiveTime,
  type GithubDeployment,
  type GithubDeploymentStatus,
  type GithubRepoMapping,
  mapGithubDeployments,
} from "./map-github-deployments.ts";

export interface GithubChangeSourceOptions {
  /** Each repository and the service its deployments change; `environment` filters (e.g. production). */
  repos: ReadonlyArray<GithubRepoMapping & { environment?: string }>;
  /** A token that can read deployments (fine-grained: "Deployments: read"; classic: `repo_deployment`). */
  token?: string | null;
  /** REST API base; GitHub Enterprise Server: `https://github.example.com/api/v3`. */
  url?: string;
  /** Pages of 100 deployments read per repository at most, newest first. */
  maxPages?: number;
  timeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

/** A deployment created this long before the range may still have taken effect inside it. */
const LEAD_SECONDS = 3600;
const STATUS_CONCURRENCY = 4;

/**
 * Deploys from GitHub deployments (`GET /repos/{owner}/{repo}/deployments`, paged by `Link` headers,
 * and each one's `/statuses` to learn when it took effect). Every repository must be readable: one
 * that is not makes the whole history unavailable, since a partial list would claim that nothing
 * changed there.
 */
export function createGithubChangeSource(options: GithubChangeSourceOptions): ChangeSource {
  const client = createHttpJsonClient({
    source: "changes",
    system: "GitHub",
    url: options.url ?? "https://api.github.com",
    headers: {
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
      "user-agent": "vigil",
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const maxPages = options.maxPages ?? 10;

  return {
    async list(range, signal) {
      if (!Number.isFinite(range.start) || !Number.isFinite(range.end) || range.end < range.start) {
        throw new SourceQueryError("changes", "end must be a time at or after start");
      }
      const perRepo = await Promise.all(
        options.repos.map(async (mapping) => {
          const deployments = await readDeployments(client, mapping, range.start, maxPages, signal);
          const timed = await mapLimit(deployments, STATUS_CONCURRENCY, async (deployment) => {
            const created = Date.parse(deployment.created_at) / 1000;
            if (created < range.start - LEAD_SECONDS || created > range.end)
              return { deployment, at: undefined };
            const statuses = await readJson<GithubDeploymentStatus[]>(
              client,
              `repos/${mapping.repo}/deployments/${deployment.id}/statuses`,
              { per_page: "100" },
              signal,
            );
            return { deployment, at: effectiveTime(deployment, statuses) };
          });
          return mapGithubDeployments(mapping, timed);
        }),
      );
      return inRangeOldestFirst(perRepo.flat(), range);
    },
  };
}

/** Newest first, until a page reaches past the range start: that one older deployment gives `from`. */
async function readDeployments(
  client: HttpJsonClient,
  mapping: { repo: string; environment?: string },
  start: number,
  maxPages: number,
  signal: AbortSignal | undefined,
): Promise<GithubDeployment[]> {
  const out: GithubDeployment[] = [];
  let next: string | null = `repos/${mapping.repo}/deployments`;
  let query: Record<string, string | undefined> = { per_page: "100", environment: mapping.environment };
  for (let page = 0; next !== null && page < maxPages; page++) {
    const answer = await client.get(next, query, signal);
    const deployments = checked<GithubDeployment[]>(client, answer, next);
    out.push(...deployments);
    const oldest = deployments.at(-1);
    if (oldest === undefined || Date.parse(oldest.created_at) / 1000 < start - LEAD_SECONDS) break;
    next = nextLink(answer.headers.get("link"));
    query = {};
  }
  return out;
}

async function readJson<T>(
  client: HttpJsonClient,
  path: string,
  query: Record<string, string>,
  signal: AbortSignal | undefined,
): Promise<T> {
  return checked<T>(client, await client.get(path, query, signal), path);
}

function checked<T>(
  client: HttpJsonClient,
  answer: { status: number; body: unknown; text: string },
  path: string,
): T {
  if (answer.status === 404) {
    throw new SourceUnavailableError(
      "changes",
      `GitHub at ${client.endpoint} answered 404 for ${path}: no such repository, or the token cannot see it`,
    );
  }
  if (answer.status >= 400 || !Array.isArray(answer.body)) {
    throw new SourceUnavailableError(
      "changes",
      `GitHub at ${client.endpoint} answered ${answer.status} for ${path}: ${excerpt(answer.text)}`,
    );
  }
  return answer.body as T;
}

/** `Link: <https://api.github.com/...&page=2>; rel="next", <...>; rel="last"`. */
export function nextLink(header: string | null): string | null {
  for (const part of header?.split(",") ?? []) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match?.[1]) return match[1];
  }
  return null;
}

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let index = 0;
  const worker = async () => {
    while (index < items.length) {
      const current = index++;
      results[current] = await map(items[current] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

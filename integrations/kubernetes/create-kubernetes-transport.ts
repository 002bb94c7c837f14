import type { HttpMethod, IsomorphicFetchHttpLibrary, KubeConfig } from "@kubernetes/client-node";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { loadKubernetesSdk } from "./load-kubernetes-sdk.ts";

export interface KubernetesRequest {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal | undefined;
}

export interface KubernetesResponse {
  status: number;
  /** The parsed JSON body (an object, a list or a `Status`); undefined when it was not JSON. */
  body: unknown;
}

export type KubernetesTransport = (request: KubernetesRequest) => Promise<KubernetesResponse>;

const RETRY_DELAYS_MS = [200, 600];

/**
 * Raw JSON requests to the API server, authenticated by the vendor SDK's `KubeConfig` (tokens, client
 * certificates, exec plugins, custom CAs). Raw on purpose: the typed SDK clients turn timestamps into
 * `Date`s and drop fields they do not know, and callers want objects as `kubectl get -o json` prints
 * them. Unreachable, timed out and 5xx are `SourceUnavailableError`; reads retry those twice.
 */
export function createKubernetesTransport(options: {
  config: () => Promise<KubeConfig>;
  timeoutMs: number;
}): KubernetesTransport {
  let http: IsomorphicFetchHttpLibrary | undefined;
  return async (request) => {
    const sdk = await loadKubernetesSdk();
    http ??= new sdk.IsomorphicFetchHttpLibrary();
    const config = await options.config();
    const idempotent = request.method === "GET";
    for (let attempt = 0; ; attempt++) {
      const outcome = await sendOnce(sdk, http, config, request, options.timeoutMs);
      const retryable = outcome instanceof Error || outcome.status >= 500 || outcome.status === 429;
      const delay = RETRY_DELAYS_MS[attempt];
      if (!retryable || !idempotent || delay === undefined || request.signal?.aborted) {
        if (outcome instanceof Error) throw outcome;
        if (outcome.status >= 500 || outcome.status === 429) {
          throw new SourceUnavailableError(
            "cluster",
            `Kubernetes API answered ${outcome.status} to ${request.method} ${request.path}: ${statusMessage(outcome.body)}`,
          );
        }
        return outcome;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };
}

async function sendOnce(
  sdk: Awaited<ReturnType<typeof loadKubernetesSdk>>,
  http: IsomorphicFetchHttpLibrary,
  config: KubeConfig,
  request: KubernetesRequest,
  timeoutMs: number,
): Promise<KubernetesResponse | SourceUnavailableError> {
  const server = config.getCurrentCluster()?.server ?? "";
  const context = new sdk.RequestContext(`${server.replace(/\/+$/, "")}${request.path}`, request.method);
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) context.setQueryParam(name, value);
  }
  context.setHeaderParam("Accept", "application/json");
  if (request.body !== undefined) {
    context.setHeaderParam("Content-Type", request.contentType ?? "application/json");
    context.setBody(JSON.stringify(request.body));
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  context.setSignal(request.signal ? AbortSignal.any([request.signal, timeout]) : timeout);
  const what = `${request.method} ${request.path}`;
  try {
    await config.applySecurityAuthentication(context);
    const response = await http.send(context).toPromise();
    const text = await response.body.text();
    return { status: response.httpStatusCode, body: parseJson(text) };
  } catch (error) {
    // The caller's own abort (its deadline) is not the cluster's fault: let it through as is.
    if (request.signal?.aborted) throw request.signal.reason;
    const reason = timeout.aborted ? `timed out after ${timeoutMs} ms` : causeOf(error);
    return new SourceUnavailableError("cluster", `Kubernetes API unreachable (${what}): ${reason}`, {
      cause: error,
    });
  }
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `message` of a Kubernetes `Status` body, else a placeholder. */
export function statusMessage(body: unknown): string {
  if (typeof body === "object" && body !== null && "message" in body && typeof body.message === "string") {
    return body.message;
  }
  return "no Status message";
}

function causeOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

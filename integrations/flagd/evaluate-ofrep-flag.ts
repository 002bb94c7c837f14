import type { FlagEvaluation } from "../../src/ports/feature-flags.ts";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";

export interface OfrepOptions {
  /** flagd's OFREP base, e.g. http://flagd.flags.svc:8016 */
  url: string;
  token?: string | null;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface OfrepAnswer {
  key?: string;
  value?: unknown;
  variant?: string;
  reason?: string;
  errorCode?: string;
  errorDetails?: string;
}

/**
 * `POST /ofrep/v1/evaluate/flags/{key}` with an empty context: what the provider serves now.
 * 200 → the value (a disabled flag answers reason DISABLED, possibly without a value); 404
 * FLAG_NOT_FOUND → not served (flagd answers so for disabled flags too); anything else, or no
 * answer, → SourceUnavailableError.
 */
export async function evaluateOfrepFlag(
  options: OfrepOptions,
  key: string,
  signal?: AbortSignal,
): Promise<FlagEvaluation> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 5_000);
  const url = new URL(`ofrep/v1/evaluate/flags/${encodeURIComponent(key)}`, withSlash(options.url));
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify({ context: {} }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    throw new SourceUnavailableError(
      "feature-flags",
      `OFREP at ${url.origin} did not answer: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const answer = (await response.json().catch(() => ({}))) as OfrepAnswer;
  if (response.status === 200) {
    const disabled = answer.reason === "DISABLED";
    return {
      found: !disabled || answer.value !== undefined,
      ...(answer.value !== undefined ? { value: answer.value } : {}),
      ...(answer.variant !== undefined ? { variant: answer.variant } : {}),
      reason: answer.reason ?? "UNKNOWN",
    };
  }
  if (response.status === 404 && answer.errorCode === "FLAG_NOT_FOUND") {
    return {
      found: false,
      reason: /disabled/i.test(answer.errorDetails ?? "") ? "DISABLED" : "FLAG_NOT_FOUND",
    };
  }
  throw new SourceUnavailableError(
    "feature-flags",
    `OFREP answered ${response.status}${answer.errorCode ? ` ${answer.errorCode}` : ""} for ${key}`,
  );
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

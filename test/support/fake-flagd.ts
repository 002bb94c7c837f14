/**
 * A loopback stand-in for flagd's OFREP evaluation API (`POST /ofrep/v1/evaluate/flags/{key}`),
 * answering from whatever flag definitions `definitions()` returns at that moment (e.g. the
 * ConfigMap in a fake cluster, or a file), as flagd does after it syncs. A missing flag answers 404
 * FLAG_NOT_FOUND, a DISABLED one 200 with reason DISABLED and no value, an enabled one its default
 * variant (reason STATIC, or DEFAULT when it has targeting rules: an empty context matches none).
 * `requests` records the keys asked for.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeFlagd {
  url: string;
  requests: Array<{ key: string; body: unknown }>;
  stop(): Promise<void>;
}

export async function startFakeFlagd(definitions: () => Promise<string> | string): Promise<FakeFlagd> {
  const requests: FakeFlagd["requests"] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    const match = /^\/ofrep\/v1\/evaluate\/flags\/([^/]+)$/.exec(request.url ?? "");
    if (request.method !== "POST" || !match)
      return answer(404, { errorCode: "GENERAL", errorDetails: "not found" });
    const key = decodeURIComponent(match[1]!);
    requests.push({
      key,
      body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined,
    });
    const flags = (JSON.parse(await definitions()) as { flags: Record<string, Record<string, unknown>> })
      .flags;
    const flag = flags[key];
    if (!flag)
      return answer(404, { key, errorCode: "FLAG_NOT_FOUND", errorDetails: `flag: ${key} not found` });
    if (flag.state === "DISABLED") return answer(200, { key, reason: "DISABLED", metadata: {} });
    const variant = String(flag.defaultVariant);
    const hasTargeting = flag.targeting !== undefined && Object.keys(flag.targeting as object).length > 0;
    return answer(200, {
      key,
      value: (flag.variants as Record<string, unknown>)[variant],
      variant,
      reason: hasTargeting ? "DEFAULT" : "STATIC",
      metadata: {},
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

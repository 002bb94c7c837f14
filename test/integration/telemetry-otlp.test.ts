import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { vigilTracer } from "../../src/telemetry/vigil-tracer.ts";
import { alertmanagerWebhook } from "../support/alertmanager-payloads.ts";
import { answerOf } from "../support/responses.ts";
import { startTestVigil } from "../support/start-test-vigil.ts";

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}
interface OtlpSpan {
  name: string;
  attributes: OtlpAttribute[];
}
interface OtlpExport {
  resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
}

/** A loopback OTLP/HTTP collector that records the JSON trace exports it receives. */
async function startCollector() {
  const exports: OtlpExport[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.url === "/v1/traces")
      exports.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as OtlpExport);
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => exports.flatMap((e) => e.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function attributesOf(span: OtlpSpan): Record<string, unknown> {
  return Object.fromEntries(
    span.attributes.map(({ key, value }) => [
      key,
      value.stringValue ?? value.boolValue ?? Number(value.intValue),
    ]),
  );
}

describe("OpenTelemetry", () => {
  it("records nothing when no OTLP endpoint is configured", async () => {
    const vigil = await startTestVigil({ startWorker: false });
    try {
      const span = vigilTracer.startSpan("probe");
      expect(span.isRecording()).toBe(false);
      span.end();
    } finally {
      await vigil.stop();
    }
  });

  it("exports one span per delivery with its source, outcome and incident id", async () => {
    const collector = await startCollector();
    const vigil = await startTestVigil({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
      startWorker: false,
    });
    let incidentId: string | null = null;
    try {
      const body = JSON.stringify(alertmanagerWebhook({ alerts: [{ labels: { alertname: "Traced" } }] }));
      const response = await vigil.app.request("/webhooks/alertmanager", { method: "POST", body });
      incidentId = (await answerOf(response)).incidentId;
      await vigil.app.request("/webhooks/alertmanager", { method: "POST", body });
      await vigil.app.request("/webhooks/pagerduty", { method: "POST", body: "{" });
    } finally {
      // Stopping flushes the exporter.
      await vigil.stop();
      await collector.close();
    }
    const deliveries = collector
      .spans()
      .filter((span) => span.name === "webhook.received")
      .map(attributesOf);
    expect(deliveries).toEqual([
      expect.objectContaining({
        "vigil.source": "alertmanager",
        "vigil.outcome": "opened",
        "vigil.incident_id": incidentId,
        "vigil.duplicate": false,
      }),
      expect.objectContaining({
        "vigil.source": "alertmanager",
        "vigil.outcome": "duplicate",
        "vigil.incident_id": incidentId,
      }),
      expect.objectContaining({ "vigil.source": "pagerduty", "vigil.outcome": "malformed_json" }),
    ]);
  });
});

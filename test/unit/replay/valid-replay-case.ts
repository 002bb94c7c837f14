/** A small case that meets the replay-case/v1 contract; tests break one thing at a time. */
export function validCase(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "replay-case/v1",
    id: "checkout-bad-deploy",
    title: "Checkout 5xx after a deploy",
    tags: ["bad-deploy"],
    now: "2024-05-01T12:00:00Z",
    alert: {
      source: "alertmanager",
      payload: {
        version: "4",
        status: "firing",
        alerts: [{ status: "firing", labels: { alertname: "HighErrorRate" } }],
      },
    },
    sources: {
      metrics: [
        {
          metric: { __name__: "http_requests_total", service: "checkout" },
          values: [
            [1714564740, "10"],
            [1714564800, "25"],
          ],
        },
      ],
      changes: [
        { id: "deploy-1", kind: "deploy", service: "checkout", at: "2024-05-01T11:55:00Z", to: "v2" },
      ],
    },
    expected: {
      rootCause: { service: "checkout", kind: "bad-deploy", change: "deploy-1" },
      mitigation: { action: "rollback", target: { kind: "Deployment", namespace: "shop", name: "checkout" } },
    },
    ...overrides,
  };
}

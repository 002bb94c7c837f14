import { describe, expect, it } from "vitest";
import { mapArgoHistory } from "../../../integrations/argocd/map-argocd-history.ts";

const app = (history: unknown[]) => ({
  metadata: { name: "payments" },
  spec: { destination: { namespace: "shop" } },
  status: { history } as never,
});

describe("mapArgoHistory", () => {
  it("calls the same revision with other Helm parameters a config change naming them", () => {
    const helm = (pool: string, debug?: string) => ({
      repoURL: "https://charts.example.com",
      chart: "payments",
      helm: {
        parameters: [{ name: "pool", value: pool }, ...(debug ? [{ name: "debug", value: debug }] : [])],
      },
    });
    const changes = mapArgoHistory(
      app([
        { id: 2, revision: "1.4.0", deployedAt: "2024-05-01T10:00:00Z", source: helm("5", "true") },
        { id: 1, revision: "1.4.0", deployedAt: "2024-05-01T09:00:00Z", source: helm("20") },
      ]),
      "payments",
    );
    expect(changes[0]).toMatchObject({ kind: "deploy", to: "1.4.0" });
    expect(changes[0]?.from).toBeUndefined();
    expect(changes[1]).toMatchObject({
      kind: "config",
      from: "pool=20, debug=(unset)",
      to: "pool=5, debug=true",
      at: "2024-05-01T10:00:00Z",
    });
  });

  it("compares Kustomize image tags and multi-source revisions", () => {
    const changes = mapArgoHistory(
      app([
        {
          id: 1,
          revisions: ["1.0.0", "c".repeat(40)],
          deployedAt: "2024-05-01T09:00:00Z",
          sources: [{ kustomize: { images: ["registry:5000/pay:1.0"] } }],
        },
        {
          id: 2,
          revisions: ["1.0.0", "c".repeat(40)],
          deployedAt: "2024-05-01T10:00:00Z",
          sources: [{ kustomize: { images: ["registry:5000/pay:1.1"] } }],
        },
      ]),
      "payments",
    );
    expect(changes[1]).toMatchObject({
      kind: "config",
      from: "registry:5000/pay=1.0",
      to: "registry:5000/pay=1.1",
    });
    expect(changes[1]?.id).toBe("argocd-payments-2");
  });

  it("skips a sync that has not finished (no deployedAt) and an application without history", () => {
    expect(mapArgoHistory(app([{ id: 1, revision: "1.0.0" }]), "payments")).toEqual([]);
    expect(mapArgoHistory({ metadata: { name: "x" }, status: { history: null } }, "x")).toEqual([]);
  });
});

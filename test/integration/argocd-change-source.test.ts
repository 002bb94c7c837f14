import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createArgocdChangeSource } from "../../integrations/argocd/create-argocd-change-source.ts";
import type { ChangeSource } from "../../src/ports/change-source.ts";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { findFreePort } from "../../src/store/find-free-port.ts";
import { describeChangeSourceContract } from "../support/contracts/index.ts";
import {
  argoApplication,
  argoApplicationsFor,
  type FakeArgocd,
  startFakeArgocd,
} from "../support/fake-argocd.ts";

describeChangeSourceContract(
  "Argo CD",
  async (fixture) => {
    const { applications, mapping, idOf } = argoApplicationsFor(fixture.changes);
    const argocd = await startFakeArgocd({ applications });
    const source = createArgocdChangeSource({ url: argocd.url, token: argocd.token, applications: mapping });
    return { source: renamed(source, idOf), close: () => argocd.stop() };
  },
  async () => ({
    source: createArgocdChangeSource({ url: `http://127.0.0.1:${await findFreePort()}`, retries: 0 }),
    close: async () => {},
  }),
);

function renamed(source: ChangeSource, idOf: Map<string, string>): ChangeSource {
  return {
    list: async (range, signal) =>
      (await source.list(range, signal)).map((change) => ({
        ...change,
        id: idOf.get(change.id) ?? change.id,
      })),
  };
}

const day = {
  start: Date.parse("2024-05-01T00:00:00Z") / 1000,
  end: Date.parse("2024-05-02T00:00:00Z") / 1000,
};
const sha = (digit: string) => digit.repeat(40);

describe("Argo CD change source", () => {
  let argocd: FakeArgocd;
  beforeAll(async () => {
    argocd = await startFakeArgocd({
      applications: [
        argoApplication({
          name: "checkout-prod",
          namespace: "shop",
          history: [
            { id: 7, revision: sha("a"), deployedAt: "2024-04-30T09:00:00Z" },
            {
              id: 8,
              revision: sha("b"),
              deployedAt: "2024-05-01T09:00:00Z",
              initiatedBy: { username: "dana" },
            },
            {
              id: 9,
              revision: sha("b"),
              deployedAt: "2024-05-01T09:30:00Z",
              initiatedBy: { automated: true },
            },
          ],
        }),
        argoApplication({
          name: "ledger",
          namespace: "finance",
          history: [{ id: 1, revision: sha("c"), deployedAt: "2024-05-01T10:00:00Z" }],
        }),
      ],
    });
  });
  afterAll(async () => {
    await argocd.stop();
  });
  afterEach(() => {
    argocd.requests.length = 0;
  });

  it("maps syncs of mapped applications to changes of their service, with short commits and the author", async () => {
    const source = createArgocdChangeSource({
      url: argocd.url,
      token: argocd.token,
      applications: { "checkout-prod": "checkout" },
    });
    const changes = await source.list(day);
    expect(changes).toEqual([
      {
        id: "argocd-checkout-prod-8",
        kind: "deploy",
        service: "checkout",
        namespace: "shop",
        at: "2024-05-01T09:00:00Z",
        from: "aaaaaaa",
        to: "bbbbbbb",
        author: "dana",
        summary: "Sync checkout-prod to bbbbbbb (https://charts.example.com apps/checkout-prod)",
        origin: "argocd",
      },
      expect.objectContaining({
        id: "argocd-checkout-prod-9",
        kind: "infra",
        author: "argocd (automated sync)",
      }),
    ]);
    expect(argocd.requests[0]).toMatchObject({
      path: "/api/v1/applications",
      authorization: `Bearer ${argocd.token}`,
    });
  });

  it("reads every application, named after itself, when no mapping is given", async () => {
    const changes = await createArgocdChangeSource({ url: argocd.url, token: argocd.token }).list(day);
    expect(changes.map((change) => `${change.service}:${change.id}`)).toEqual([
      "checkout-prod:argocd-checkout-prod-8",
      "checkout-prod:argocd-checkout-prod-9",
      "ledger:argocd-ledger-1",
    ]);
  });

  it("answers SourceUnavailableError when the token is refused", async () => {
    const source = createArgocdChangeSource({ url: argocd.url, token: "expired" });
    await expect(source.list(day)).rejects.toBeInstanceOf(SourceUnavailableError);
    await expect(source.list(day)).rejects.toThrow(/no session information/);
  });

  it("retries a server error and answers once the server recovers", async () => {
    argocd.failNext(1, 502);
    const source = createArgocdChangeSource({ url: argocd.url, token: argocd.token, retryDelayMs: 1 });
    expect(await source.list(day)).toHaveLength(3);
    expect(argocd.requests).toHaveLength(2);
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpFailover } from "../../../integrations/failover/create-http-failover.ts";
import { CATALOG_ACTIONS } from "../../../src/mitigation/actions/catalog-actions.ts";
import { createInMemoryCluster } from "../../support/in-memory-cluster.ts";
import { executePorts, planPorts, request } from "./cluster-fixtures.ts";

/** A loopback traffic switch speaking integrations/failover's protocol for one target. */
async function startSwitch() {
  const routing = { active: "primary", version: 1 };
  const seen: string[] = [];
  let raceOnce = false;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    seen.push(`${req.method} ${req.url}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const status = () => ({
      active: routing.active,
      version: String(routing.version),
      primary: "eu-west-1",
      standby: "eu-central-1",
    });
    if (!req.url?.startsWith("/targets/Deployment/payments/ledger"))
      return send(404, { error: "no standby" });
    if (req.method === "GET") return send(200, status());
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      to: string;
      expectedVersion: string;
    };
    if (raceOnce) {
      raceOnce = false;
      routing.version += 1;
    }
    if (body.expectedVersion !== String(routing.version)) return send(409, { error: "changed" });
    routing.active = body.to;
    routing.version += 1;
    return send(200, status());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    routing,
    seen,
    race: () => {
      raceOnce = true;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const LEDGER = { kind: "Deployment" as const, namespace: "payments", name: "ledger" };

describe("failover through the HTTP switch", () => {
  let running: Awaited<ReturnType<typeof startSwitch>> | undefined;
  afterEach(async () => {
    await running?.stop();
  });

  it("switches to the standby and undo fails back to the primary", async () => {
    running = await startSwitch();
    const failover = createHttpFailover({ url: running.url });
    const cluster = createInMemoryCluster([]);
    const draft = await CATALOG_ACTIONS.failover.plan(request(LEDGER), planPorts(cluster, { failover }));
    expect(draft.summary).toBe(
      "Fail Deployment payments/ledger over to its standby (eu-west-1 → eu-central-1)",
    );

    expect(
      await CATALOG_ACTIONS.failover.apply(draft.record!, executePorts(cluster, { failover })),
    ).toMatchObject({ ok: true });
    expect(running.routing.active).toBe("standby");
    expect(
      await CATALOG_ACTIONS.failover.undo(draft.record!, executePorts(cluster, { failover })),
    ).toMatchObject({ ok: true });
    expect(running.routing.active).toBe("primary");
  });

  it("switches nothing when the routing changed at the same moment (409), and refuses a target without standby", async () => {
    running = await startSwitch();
    const failover = createHttpFailover({ url: running.url });
    const cluster = createInMemoryCluster([]);
    const draft = await CATALOG_ACTIONS.failover.plan(request(LEDGER), planPorts(cluster, { failover }));
    running.race();

    const outcome = await CATALOG_ACTIONS.failover.apply(draft.record!, executePorts(cluster, { failover }));

    expect(outcome).toMatchObject({ ok: false, failure: "conflict" });
    expect(running.routing.active).toBe("primary");
    const none = await CATALOG_ACTIONS.failover.plan(
      request({ kind: "Deployment", namespace: "payments", name: "api" }),
      planPorts(cluster, { failover }),
    );
    expect(none.preconditions).toEqual([{ description: "Deployment payments/api has a standby", ok: false }]);
  });
});

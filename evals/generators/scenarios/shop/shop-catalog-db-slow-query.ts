import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { fx, latencyAlert } from "../common.ts";
import { dep, N2, ns, reqId, team } from "./shared.ts";

export const shopCatalogDbSlowQuery: Scenario = {
  id: "shop-catalog-db-slow-query",
  platform: shop,
  faultAt: "2024-10-03T19:12:40Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 200,
  build(b) {
    const T = b.T;
    const red = b.deploy({
      service: "recommendations",
      at: T - 150,
      version: "0.32.0",
      summary: "feat(recs): blend trending items into home rows (#918)",
      origin: "github",
      author: "priya.n",
    });
    b.effect(
      fx("catalog-db", "lat", T, 9, { ramp: 150 }),
      fx("catalog-db", "pg.active", T, 22, { ramp: 150 }),
      fx("catalog-db", "cpu", T, 2.4, { ramp: 120 }),
      fx(N2, "iowait", T, 1.6, { ramp: 120 }),
      fx("catalog", "latAdd", T + 20, 0.24, { ramp: 150 }),
      fx("catalog", "sigma", T + 20, 0.3, { ramp: 150 }),
      fx("catalog", "timeout", T + 60, 0.01, { ramp: 120 }),
      fx("pricing", "latAdd", T + 30, 0.12, { ramp: 150 }),
      fx("search", "latAdd", T + 30, 0.1, { ramp: 150 }),
      fx("recommendations", "latAdd", T + 30, 0.14, { ramp: 150 }),
      fx("storefront", "latAdd", T + 40, 0.34, { ramp: 160 }),
      fx("storefront", "rps", T + 120, 0.93, { ramp: 240 }),
    );
    // pg_stat_activity_max_tx_duration grows by one second per second: the report query keeps running.
    b.effect(fx("catalog-db", "pg.maxTx", T - 20, 3600, { growth: "linear", ramp: 0 }));
    b.override("catalog-db", { nodes: [N2] });
    b.logs(
      {
        service: "catalog-db",
        at: T - 20,
        until: T - 19,
        perMin: 60,
        level: "info",
        render: () => "connection authorized: user=metabase database=catalog application_name=Metabase",
      },
      {
        service: "catalog-db",
        at: T + 30,
        perMin: 7,
        level: "info",
        render: (c) =>
          `duration: ${c.rng.float(1100, 6500).toFixed(3)} ms  execute <unnamed>: SELECT p.id, p.sku, p.title, p.price_cents FROM products p WHERE p.id = ANY($1)`,
      },
      {
        service: "catalog-db",
        at: T + 60,
        perMin: 0.5,
        level: "info",
        render: (c) =>
          `temporary file: path "base/pgsql_tmp/pgsql_tmp${c.rng.int(2000, 2900)}.${c.rng.int(1, 9)}", size 1073741824`,
      },
      {
        service: "catalog",
        at: T + 40,
        perMin: 3,
        level: "warn",
        render: (c) => ({ msg: "slow query", fields: { ms: c.rng.int(900, 4800), table: "products" } }),
      },
      {
        service: "catalog",
        at: T + 90,
        perMin: 0.75,
        level: "error",
        render: (c) => ({
          msg: "query failed",
          fields: { reqId: reqId(c), err: "Error: Query read timeout", table: "products" },
        }),
      },
      {
        service: "storefront",
        at: T + 60,
        perMin: 2,
        level: "warn",
        render: (c) => ({
          msg: "upstream slow",
          fields: { upstream: "catalog", ms: c.rng.int(600, 2400) },
        }),
      },
    );
    b.distract({ avoid: ["recommendations", "catalog"], deploys: 1, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        latencyAlert(b.svc("storefront"), ns, 0.99, {
          alertname: "StorefrontLatencyHigh",
          labels: { severity: "warning", service: "storefront", ...team },
          threshold: 1,
        }),
      ],
    });
    b.title(
      "Storefront p99 up: a reporting query saturates catalog-db (recommendations deploy is a red herring)",
    )
      .tags("database-slow", "shop", "hard", "two-hop", "red-herring")
      .expect({
        rootCause: { service: "catalog-db", kind: "database-slow" },
        mitigation: { action: "none" },
        forbidden: [{ action: "rollback", target: dep("recommendations") }],
      })
      .notes(
        `At T a Metabase user starts a long report on catalog-db: active backends 3 -> 25, max transaction age grows from T, iowait on its node, app queries slow (log_min_duration_statement lines). catalog slows, then its callers (pricing, search, recommendations) and storefront, where the p99 alert fires: two hops from the cause. recommendations deployed 2.5 min before T (change ${red}); it only slows because catalog does. No automatic action is safe (the query must be cancelled by a person).`,
      );
  },
};

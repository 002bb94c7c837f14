import type { Scenario } from "../../lib/scenario.ts";
import { data } from "../../platforms/data.ts";
import { fx } from "../common.ts";
import { lagAlert } from "./shared.ts";

export const dataClickhouseMigration: Scenario = {
  id: "data-clickhouse-migration",
  platform: data,
  faultAt: "2024-08-13T10:10:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    const change = b.change({
      kind: "migration",
      service: "loader",
      at: T,
      from: "20240730101200",
      to: "20240813094500",
      author: "mei.tan",
      summary:
        "goose up: 20240813094500_events_session_id.sql (ALTER TABLE analytics.events ADD COLUMN session_id String, MATERIALIZE COLUMN session_id)",
      origin: "goose",
    });
    b.effect(
      fx("clickhouse", "lat", T + 20, 6, { ramp: 90 }),
      fx("clickhouse", "cpu", T + 20, 2.6, { ramp: 90 }),
      fx("clickhouse", "err", T + 60, 0.15, { ramp: 90 }),
      fx("loader", "capacity", T + 40, 0.4, { ramp: 90 }),
      fx("loader", "err:error", T + 60, 0.12, { ramp: 90 }),
    );
    b.logs(
      {
        service: "clickhouse",
        at: T + 2,
        until: T + 3,
        perMin: 60,
        level: "info",
        render: () => ({
          logger: "analytics.events (MutationsInterpreter)",
          msg: "Created mutation 0000000012: MATERIALIZE COLUMN session_id",
        }),
      },
      {
        service: "clickhouse",
        at: T + 30,
        perMin: 3,
        level: "warn",
        render: (c) => ({
          logger: "analytics.events",
          msg: `Delaying inserting block by ${c.rng.int(50, 400)} ms. because there are ${c.rng.int(300, 340)} parts and their average size is ${c.rng.float(1, 4).toFixed(2)} MiB`,
        }),
      },
      {
        service: "loader",
        at: T + 60,
        perMin: 2,
        level: "error",
        render: () => ({
          logger: "loader.sink",
          msg: "insert failed, will retry batch",
          fields: {
            error:
              "ClickHouseException: Code: 252. DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts. (TOO_MANY_PARTS)",
          },
        }),
      },
    );
    b.distract({ avoid: ["loader"], deploys: 2, configs: 1 });
    b.alert({ source: "alertmanager", alerts: [lagAlert("loader", "deduped", 25000)] });
    b.title("Loader lag: a ClickHouse schema migration materialises a column")
      .tags("schema-migration", "data")
      .expect({
        rootCause: { service: "loader", kind: "schema-migration", change },
        acceptable: [{ service: "clickhouse", kind: "schema-migration" }],
        mitigation: { action: "none" },
      })
      .notes(
        "loader's goose migration at T adds and materialises a column on analytics.events: a heavy mutation; merges fall behind, inserts are delayed then rejected (TOO_MANY_PARTS), loader lag grows. The migration's owner counts as loader or clickhouse. none.",
      );
  },
};

import type { Scenario } from "../../lib/scenario.ts";
import { data } from "../../platforms/data.ts";
import { fx } from "../common.ts";
import { lagAlert } from "./shared.ts";

export const dataClickhouseDiskFull: Scenario = {
  id: "data-clickhouse-disk-full",
  platform: data,
  faultAt: "2024-06-06T10:40:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 160,
  build(b) {
    const T = b.T;
    const at = b.start - 7200;
    b.effect(
      fx("clickhouse", "disk.used", at, (1.0 - 0.6) / ((T - at) / 3600), { growth: "linear", ramp: 0 }),
    );
    b.effect(
      fx("clickhouse", "err", T, 0.9, { ramp: 30 }),
      fx("loader", "capacity", T + 5, 0.04, { ramp: 30 }),
      fx("loader", "err:error", T + 5, 0.9, { ramp: 30 }),
    );
    b.logs(
      {
        service: "clickhouse",
        at: T,
        perMin: 5,
        level: "error",
        render: (c) => ({
          logger: "executeQuery",
          msg: `Code: 243. DB::Exception: Cannot reserve ${c.rng.float(1, 40).toFixed(2)} MiB, not enough space. (NOT_ENOUGH_SPACE) (version 24.3.2.23 (official build)) (from 10.42.${c.rng.int(1, 4)}.${c.rng.int(2, 250)}:${c.rng.int(32000, 60000)}) (in query: INSERT INTO analytics.events FORMAT RowBinary)`,
        }),
      },
      {
        service: "loader",
        at: T + 5,
        perMin: 3,
        level: "error",
        render: () => ({
          logger: "loader.sink",
          msg: "insert failed, will retry batch",
          fields: { error: "ClickHouseException: Code: 243. NOT_ENOUGH_SPACE", rows: 500 },
        }),
      },
    );
    b.distract({ avoid: ["loader"], deploys: 2, configs: 1 });
    b.alert({ source: "alertmanager", alerts: [lagAlert("loader", "deduped", 40000)] });
    b.title("Loader lag: ClickHouse volumes are full")
      .tags("disk-full", "data")
      .expect({ rootCause: { service: "clickhouse", kind: "disk-full" }, mitigation: { action: "none" } })
      .notes(
        "Both ClickHouse replicas' data volumes reach 100% at T (kubelet_volume_stats_available_bytes -> 0); inserts fail with NOT_ENOUGH_SPACE, loader retries and its consumer lag grows. none.",
      );
  },
};

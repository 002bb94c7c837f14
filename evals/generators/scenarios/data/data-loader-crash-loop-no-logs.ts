import type { Scenario } from "../../lib/scenario.ts";
import { data } from "../../platforms/data.ts";
import { fx } from "../common.ts";
import { dep, lagAlert } from "./shared.ts";

export const dataLoaderCrashLoopNoLogs: Scenario = {
  id: "data-loader-crash-loop-no-logs",
  platform: data,
  faultAt: "2024-12-02T08:30:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 160,
  build(b) {
    const T = b.T;
    const change = b.deploy({
      service: "loader",
      at: T,
      version: "3.4.0",
      mode: "crash",
      crash: { upSec: [20, 45], reason: "Error", exitCode: 1, firstAfter: [10, 30] },
      summary: "feat(loader): write events to partitioned table events_v2 (#533)",
      origin: "argocd",
      author: "diego.r",
    });
    b.effect(fx("loader", "rps", T + 40, 0.3, { ramp: 60 }));
    b.distract({ avoid: ["loader"], deploys: 2, configs: 1 });
    b.drop("logs");
    b.alert({ source: "alertmanager", alerts: [lagAlert("loader", "deduped", 40000)] });
    b.title("Loader lag: new loader pods crash-loop (no logs)")
      .tags("crash-loop", "data", "hard", "source-down")
      .expect({
        rootCause: { service: "loader", kind: "crash-loop", change },
        mitigation: { action: "rollback", target: dep("loader") },
      })
      .notes(
        "loader 3.4.0 exits with code 1 seconds after it starts consuming; pods go to CrashLoopBackOff (restart counters, waiting reason, BackOff events) and consumer lag grows. The log source is down. Roll back.",
      );
  },
};

import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { errorAlert, fx } from "../common.ts";
import { N3, ns, reqId, team } from "./shared.ts";

export const shopRedisCartOom: Scenario = {
  id: "shop-redis-cart-oom",
  platform: shop,
  faultAt: "2024-11-29T20:05:30Z",
  beforeMin: 42,
  step: 60,
  nowAfter: 150,
  build(b) {
    const T = b.T;
    b.effect(
      fx("storefront", "rps", b.start - 600, 1.55, { ramp: 0 }),
      fx("cart", "rps", b.start - 600, 1.7, { ramp: 0 }),
      fx("redis-cart", "rps", b.start - 600, 1.7, { ramp: 0 }),
    );
    b.effect(fx("redis-cart", "memAdd#0", T - 1800, 325, { ramp: 1800, until: T, recover: 0 }));
    b.effect(fx("redis-cart", "memAdd#0", T + 20, 560, { ramp: 130, until: T + 150, recover: 0 }));
    b.action({ type: "restart", service: "redis-cart", at: T, pod: 0, reason: "OOMKilled", exitCode: 137 });
    b.action({
      type: "restart",
      service: "redis-cart",
      at: T + 150,
      pod: 0,
      reason: "OOMKilled",
      exitCode: 137,
    });
    for (const at of [T, T + 150]) {
      b.effect(
        fx("cart", "err:503", at + 2, 0.34, { ramp: 5, until: at + 75, recover: 20 }),
        fx("storefront", "err:502", at + 4, 0.045, { ramp: 5, until: at + 75, recover: 20 }),
      );
      b.logs(
        {
          service: "cart",
          at: at + 2,
          until: at + 75,
          perMin: 10,
          level: "error",
          render: (c) => ({
            msg: "redis command failed",
            fields: {
              reqId: reqId(c),
              err: c.rng.pick([
                "Error: connect ECONNREFUSED 10.44.3.41:6379",
                "ReplyError: LOADING Redis is loading the dataset in memory",
                "Error: Connection is closed.",
              ]),
            },
          }),
        },
        {
          service: "redis-cart",
          at: at + 8,
          until: at + 9,
          perMin: 60,
          level: "warn",
          render: () =>
            "WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition.",
        },
        {
          service: "redis-cart",
          at: at + 10,
          until: at + 11,
          perMin: 60,
          level: "info",
          render: (c) => `DB loaded from disk: ${c.rng.float(38, 61).toFixed(3)} seconds`,
        },
      );
    }
    b.event({
      involved: { kind: "Node", name: N3 },
      reason: "OOMKilling",
      message:
        "Memory cgroup out of memory: Killed process 3121 (redis-server) total-vm:1398732kB, anon-rss:1046812kB, file-rss:1920kB, shmem-rss:0kB, UID:999 pgtables:2312kB oom_score_adj:-997",
      type: "Warning",
      first: T,
      last: T + 150,
      count: 2,
      component: "kernel-monitor",
      host: N3,
    });
    b.override("redis-cart", { nodes: [N3] });
    b.distract({ avoid: ["cart"], deploys: 1, configs: 1, flags: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        errorAlert(b.svc("cart"), ns, {
          alertname: "CartHighErrorRate",
          labels: { severity: "critical", service: "cart", ...team },
          threshold: 0.03,
          forSec: 60,
        }),
      ],
    });
    b.title("Cart errors: redis-cart is OOM-killed under Black Friday load")
      .tags("oom-kill", "shop", "traffic-changes")
      .expect({ rootCause: { service: "redis-cart", kind: "oom-kill" }, mitigation: { action: "none" } })
      .notes(
        "Black Friday traffic (x1.6 all window). redis-cart's memory grows with carts until the container limit; the kernel OOM-kills it at T and again 2.5 min later (lastState OOMKilled, restartCount, node OOMKilling event). After each restart cart fails for ~75 s while redis loads its dataset. The kubelet already restarts it; the fix (memory limit or maxmemory policy) is not in the catalog: none.",
      );
  },
};

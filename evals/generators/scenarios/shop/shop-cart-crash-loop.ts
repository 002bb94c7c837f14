import { rule } from "../../lib/rules.ts";
import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { crashLooping, crashLoopingPod, fx } from "../common.ts";
import { dep, ns, reqId } from "./shared.ts";

export const shopCartCrashLoop: Scenario = {
  id: "shop-cart-crash-loop",
  platform: shop,
  faultAt: "2025-01-21T10:05:00Z",
  beforeMin: 38,
  step: 60,
  nowAfter: 140,
  build(b) {
    const T = b.T;
    const change = b.deploy({
      service: "cart",
      at: T,
      version: "3.8.0",
      mode: "crash",
      crash: { upSec: [30, 75], reason: "Error", exitCode: 1, firstAfter: [25, 70] },
      summary: "feat(cart): merge guest cart into account cart on login (#2874)",
      origin: "argocd",
      author: "jonas.weber",
    });
    b.effect(
      fx("cart", "err:503", T + 70, 0.22, { ramp: 60 }),
      fx("storefront", "err:502", T + 75, 0.02, { ramp: 60 }),
    );
    b.crashLines({
      service: "cart",
      level: "error",
      render: () => [
        {
          msg: "uncaught exception, exiting",
          fields: {
            err: "TypeError: Cannot read properties of null (reading 'items')",
            at: "mergeGuestCart (/app/dist/cart/merge.js:41:27)",
          },
        },
        { msg: "", raw: "TypeError: Cannot read properties of null (reading 'items')" },
        { msg: "", raw: "    at mergeGuestCart (/app/dist/cart/merge.js:41:27)" },
        { msg: "", raw: "    at async CartService.attachToAccount (/app/dist/cart/service.js:112:5)" },
        { msg: "", raw: "Node.js v20.15.1" },
      ],
    });
    b.logs({
      service: "storefront",
      at: T + 75,
      perMin: 1.5,
      level: "error",
      render: (c) => ({
        msg: "upstream request failed",
        fields: {
          reqId: reqId(c),
          upstream: "cart",
          err: c.rng.pick(["connect ECONNREFUSED", "socket hang up"]),
        },
      }),
    });
    b.distract({ avoid: ["cart"], deploys: 2, configs: 0, flags: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        {
          labels: (w) => ({
            alertname: "KubePodCrashLooping",
            container: "cart",
            endpoint: "http",
            instance: "10.44.2.8:8080",
            job: "kube-state-metrics",
            namespace: ns,
            pod: crashLoopingPod(w, "cart", w.now) ?? crashLoopingPod(w, "cart", w.now - 60) ?? "cart",
            reason: "CrashLoopBackOff",
            service: "kube-prometheus-stack-kube-state-metrics",
            severity: "warning",
          }),
          summary: "Pod is crash looping.",
          description: (_v, w) =>
            `Pod ${ns}/${crashLoopingPod(w, "cart", w.now) ?? crashLoopingPod(w, "cart", w.now - 60) ?? "cart"} (cart) is in waiting state (reason: "CrashLoopBackOff").`,
          expr: 'max_over_time(kube_pod_container_status_waiting_reason{job="kube-state-metrics",namespace=~".*",reason="CrashLoopBackOff"}[5m]) >= 1',
          runbook: "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping",
          ...rule(crashLooping("cart"), ">", 0.5, 150),
        },
      ],
      groupBy: ["namespace", "alertname"],
      route: '{}/{severity="warning"}',
    });
    b.title("KubePodCrashLooping on cart right after its deploy")
      .tags("crash-loop", "shop", "kube-alert")
      .expect({
        rootCause: { service: "cart", kind: "crash-loop", change },
        mitigation: { action: "rollback", target: dep("cart") },
      })
      .notes(
        "cart 3.8.0 passes readiness, then crashes on the guest-cart merge path (TypeError, exit 1) and enters CrashLoopBackOff. The alert is kube-prometheus' KubePodCrashLooping: its `service` label is the kube-state-metrics exporter, the pod label names cart. Rollback of cart.",
      );
  },
};

import { rule } from "../../lib/rules.ts";
import type { Scenario } from "../../lib/scenario.ts";
import { media } from "../../platforms/media.ts";
import { KSM_LABELS } from "../common.ts";
import { dep, ns } from "./shared.ts";

export const mediaEdgeImagePull: Scenario = {
  id: "media-edge-image-pull",
  platform: media,
  faultAt: "2024-05-28T11:10:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 150,
  build(b) {
    const T = b.T;
    b.override("edge-gateway", { replicas: 4 });
    const change = b.deploy({
      service: "edge-gateway",
      at: T,
      version: "3.5.0",
      mode: "image-pull",
      image: "streamprod.azurecr.io/edge-gateway:v3.5.0",
      summary: "Sync edge-gateway to 3.5.0 (b81f0e2): feat(edge): HTTP/3 listener behind flag (#1290)",
      origin: "argocd",
      author: "noah.berg",
    });
    b.distract({ avoid: ["edge-gateway"], deploys: 2, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        {
          labels: {
            alertname: "KubeDeploymentReplicasMismatch",
            deployment: "edge-gateway",
            instance: "10.244.1.31:8080",
            namespace: ns,
            severity: "warning",
            ...KSM_LABELS,
            cluster: "aks-stream-prod",
            prometheus: "monitoring/kube-prometheus-stack-prometheus",
          },
          summary: "Deployment has not matched the expected number of replicas.",
          description: () =>
            `Deployment ${ns}/edge-gateway has not matched the expected number of replicas for longer than 5 minutes.`,
          expr: '(kube_deployment_spec_replicas{job="kube-state-metrics"} > kube_deployment_status_replicas_available{job="kube-state-metrics"}) and (changes(kube_deployment_status_replicas_updated{job="kube-state-metrics"}[10m]) == 0)',
          runbook:
            "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubedeploymentreplicasmismatch",
          ...rule(
            (w, t) => 4 - w.podsOf("edge-gateway").filter((p) => w.serving(p, t)).length,
            ">",
            0.5,
            300,
          ),
        },
      ],
      groupBy: ["namespace", "alertname"],
      route: '{}/{severity="warning"}',
    });
    b.title("KubeDeploymentReplicasMismatch: edge-gateway's new image cannot be pulled")
      .tags("image-pull", "media", "kube-alert", "easy")
      .expect({
        rootCause: { service: "edge-gateway", kind: "image-pull", change },
        mitigation: { action: "rollback", target: dep("edge-gateway") },
      })
      .notes(
        "The edge-gateway 3.5.0 rollout references the tag v3.5.0 (the registry holds 3.5.0): new pods stay in ImagePullBackOff, one old pod was already removed, 3 of 4 replicas serve (off-peak, no user impact yet). kube-prometheus' alert carries the exporter as `service`. Roll back.",
      );
  },
};

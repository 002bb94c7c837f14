import type { Scenario } from "../../lib/scenario.ts";
import { deployment, errorAlert } from "../common.ts";

export const ns = "streaming";
export const dep = (name: string) => deployment(ns, name);
export const ext = {
  namespace: ns,
  cluster: "aks-stream-prod",
  prometheus: "monitoring/kube-prometheus-stack-prometheus",
};
export const N0 = "aks-stream-28417361-vmss000000";
export const N1 = "aks-stream-28417361-vmss000001";
export const N2 = "aks-stream-28417361-vmss000002";
export const edge5xx = (b: Parameters<Scenario["build"]>[0], threshold = 0.03) =>
  errorAlert(b.svc("edge-gateway"), ns, {
    alertname: "EdgeGateway5xxHigh",
    labels: { severity: "critical", service: "edge-gateway", ...ext },
    threshold,
  });
export const caller = "grpc_zap/client_interceptors.go:43";

import { deployment } from "../common.ts";

export const ns = "payments";
export const dep = (name: string) => deployment(ns, name);
export const labels = (application: string, severity = "critical") => ({
  application,
  namespace: ns,
  severity,
  env: "prod",
});
export const N1 = "ip-10-42-3-17.eu-west-1.compute.internal";
export const N2 = "ip-10-42-19-204.eu-west-1.compute.internal";
export const N3 = "ip-10-42-35-88.eu-west-1.compute.internal";
export const HIKARI = "com.zaxxer.hikari.pool.HikariPool";

import { deployment } from "../common.ts";

export const ns = "booking";
export const dep = (name: string) => deployment(ns, name);
export const vm = (service: string, severity = "warning") => ({
  alertgroup: "booking-slo",
  service,
  severity,
});
export const bracket = (...parts: string[]) => parts.map((p) => `[${p}]`).join("");

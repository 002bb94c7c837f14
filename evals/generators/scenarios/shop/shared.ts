import { deployment } from "../common.ts";

export const ns = "shop";
export const dep = (name: string) => deployment(ns, name);
export const team = { namespace: ns, team: "shop" };
export const N1 = "gke-shop-prod-default-pool-3f9a1c2b-7xkq";
export const N2 = "gke-shop-prod-default-pool-3f9a1c2b-p2mz";
export const N3 = "gke-shop-prod-default-pool-8c41d07e-d9wh";
export const reqId = (c: { rng: { hex(n: number): string } }) => `req-${c.rng.hex(8)}`;

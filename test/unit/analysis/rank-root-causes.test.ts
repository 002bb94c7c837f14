import { describe, expect, it } from "vitest";
import { rankRootCauses } from "../../../src/analysis/rank-root-causes.ts";

const T = 1_700_000_000;
const chain = [
  { from: "frontend", to: "checkout" },
  { from: "checkout", to: "payments" },
  { from: "payments", to: "payments-db" },
];

describe("rankRootCauses", () => {
  it("ranks the deepest, earliest anomalous dependency first and its callers after it", () => {
    const ranked = rankRootCauses({
      services: [
        { service: "frontend", anomaly: 0.9, onset: T + 120 },
        { service: "checkout", anomaly: 0.85, onset: T + 60 },
        { service: "payments", anomaly: 0.9, onset: T + 60 },
        { service: "payments-db", anomaly: 0.7, onset: T },
      ],
      edges: chain,
    });
    expect(ranked.map((r) => r.service)).toEqual(["payments-db", "payments", "checkout", "frontend"]);
    expect(ranked.reduce((sum, r) => sum + r.score, 0)).toBeCloseTo(1, 10);
    expect(ranked[0]?.reasons).toEqual([
      "anomaly 0.70",
      "anomalous callers depend on it: payments, checkout, frontend",
      "its onset came no later than its callers'",
    ]);
  });

  it("does not blame a healthy dependency: the anomalous middle service wins", () => {
    const ranked = rankRootCauses({
      services: [
        { service: "frontend", anomaly: 0.8 },
        { service: "checkout", anomaly: 0.9 },
        { service: "payments", anomaly: 0 },
        { service: "payments-db", anomaly: 0 },
      ],
      edges: chain,
    });
    expect(ranked.map((r) => r.service).slice(0, 2)).toEqual(["checkout", "frontend"]);
    expect(ranked.find((r) => r.service === "payments")?.score).toBe(0);
    expect(ranked[0]?.reasons).toContain("none of its dependencies is anomalous");
  });

  it("lets a strongly anomalous caller keep most blame over a much calmer dependency", () => {
    const ranked = rankRootCauses({
      services: [
        { service: "recommendations", anomaly: 0.95 },
        { service: "catalog", anomaly: 0.2 },
      ],
      edges: [{ from: "recommendations", to: "catalog" }],
    });
    expect(ranked[0]?.service).toBe("recommendations");
  });

  it("favours the dependency whose symptoms began first when two are equally anomalous", () => {
    const services = (dbOnset: number, cacheOnset: number) => [
      { service: "api", anomaly: 0.9, onset: T + 120 },
      { service: "db", anomaly: 0.6, onset: dbOnset },
      { service: "cache", anomaly: 0.6, onset: cacheOnset },
    ];
    const edges = [
      { from: "api", to: "db" },
      { from: "api", to: "cache" },
    ];
    expect(rankRootCauses({ services: services(T, T + 120), edges })[0]?.service).toBe("db");
    expect(rankRootCauses({ services: services(T + 120, T), edges })[0]?.service).toBe("cache");
  });

  it("ranks services outside the call graph by anomaly", () => {
    const ranked = rankRootCauses({
      services: [
        { service: "batch", anomaly: 0.3 },
        { service: "ledger", anomaly: 0.8 },
        { service: "mailer", anomaly: 0 },
      ],
      edges: [],
    });
    expect(ranked.map((r) => [r.service, Number(r.score.toFixed(3))])).toEqual([
      ["ledger", 0.877],
      ["batch", 0.123],
      ["mailer", 0],
    ]);
  });

  it("answers all zeros when nothing is anomalous", () => {
    const ranked = rankRootCauses({ services: [{ service: "a", anomaly: 0 }], edges: chain });
    expect(ranked).toEqual([{ service: "a", score: 0, reasons: ["no anomaly"] }]);
  });
});

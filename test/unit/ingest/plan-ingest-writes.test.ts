import { describe, expect, it } from "vitest";
import type { Alert } from "../../../src/domain/index.ts";
import type { DeliveryLookup } from "../../../src/ingest/ingest-repository.ts";
import type { NormalizedDelivery } from "../../../src/ingest/normalized-delivery.ts";
import { planIngestWrites } from "../../../src/ingest/plan-ingest-writes.ts";

function alert(fingerprint: string, status: Alert["status"], groupKey = "group-a"): Alert {
  return {
    source: "alertmanager",
    fingerprint,
    status,
    name: "HighErrorRate",
    severity: "critical",
    summary: `summary of ${fingerprint}`,
    labels: { alertname: "HighErrorRate" },
    annotations: {},
    startsAt: new Date("2024-05-14T09:10:00Z"),
    endsAt: null,
    groupKey,
    externalId: null,
  };
}

function delivery(dedupKey: string, ...alerts: Alert[]): NormalizedDelivery {
  return {
    source: "alertmanager",
    dedupKey,
    payload: { dedupKey },
    event: "alertmanager.firing",
    alerts: alerts.map((entry) => ({ alert: entry, raw: { fingerprint: entry.fingerprint } })),
  };
}

const nothingFound: DeliveryLookup = { stored: null, found: null };

function sequentialIds() {
  let next = 0;
  return () => `id-${++next}`;
}

describe("planIngestWrites", () => {
  it("opens an incident for firing alerts nobody has seen, with its investigation and audit trail", () => {
    const { writes, answers } = planIngestWrites(
      [delivery("d1", alert("f1", "firing"), alert("f2", "resolved"))],
      [nothingFound],
      sequentialIds(),
    );
    // id-1 is the delivery's, id-2 the incident's.
    expect(writes.incidents).toEqual([
      {
        id: "id-2",
        source: "alertmanager",
        groupKey: "group-a",
        externalId: null,
        title: "summary of f1",
        severity: "critical",
        status: "open",
      },
    ]);
    expect(writes.links.map((link) => [link.incidentId, link.alerts.length])).toEqual([["id-2", 2]]);
    expect(writes.investigations).toEqual(["id-2"]);
    expect(writes.resolutions).toEqual([]);
    expect(writes.records[0]).toMatchObject({ id: "id-1", incidentId: "id-2", alerts: 2 });
    expect(writes.records[0]?.audit.map((entry) => entry.type)).toEqual([
      "incident.opened",
      "investigation.queued",
    ]);
    expect(writes.records[0]?.audit[0]?.data).toEqual({
      groupKey: "group-a",
      event: "alertmanager.firing",
      deliveryId: "id-1",
      firing: ["f1"],
      resolved: ["f2"],
    });
    expect(answers).toEqual([
      { result: { incidentId: "id-2", alerts: 2, duplicate: false, outcome: "opened" }, resolving: null },
    ]);
  });

  it("records a resolution for an incident never seen as a resolved incident, with nothing to investigate", () => {
    const { writes, answers } = planIngestWrites(
      [delivery("d1", alert("f1", "resolved"))],
      [nothingFound],
      sequentialIds(),
    );
    expect(writes.incidents[0]?.status).toBe("resolved");
    expect(writes.investigations).toEqual([]);
    expect(writes.records[0]?.audit.map((entry) => entry.type)).toEqual([
      "incident.opened",
      "incident.resolved",
    ]);
    expect(answers[0]?.result.outcome).toBe("resolved");
  });

  it("adds firing alerts to the open incident found, and asks to resolve it only when something resolved", () => {
    const open = { id: "incident-1", status: "open" as const };
    const { writes, answers } = planIngestWrites(
      [delivery("d1", alert("f1", "firing")), delivery("d2", alert("f2", "resolved", "group-b"))],
      [
        { stored: null, found: open },
        { stored: null, found: { id: "incident-2", status: "open" } },
      ],
      sequentialIds(),
    );
    expect(writes.incidents).toEqual([]);
    expect(writes.investigations).toEqual([]);
    expect(writes.links.map((link) => link.incidentId)).toEqual(["incident-1", "incident-2"]);
    expect(writes.resolutions).toEqual([{ incidentId: "incident-2", actor: "alertmanager" }]);
    expect(writes.records.map((record) => record.audit.map((entry) => entry.type))).toEqual([
      ["alert.received"],
      ["alert.received"],
    ]);
    expect(answers.map((answer) => [answer?.result.outcome, answer?.resolving])).toEqual([
      ["updated", null],
      ["updated", "incident-2"],
    ]);
  });

  it("opens a new incident when firing alerts find only a resolved one, but lets resolutions join it", () => {
    const resolved = { id: "incident-1", status: "resolved" as const };
    const { writes, answers } = planIngestWrites(
      [delivery("d1", alert("f1", "firing")), delivery("d2", alert("f2", "resolved", "group-b"))],
      [
        { stored: null, found: resolved },
        { stored: null, found: { id: "incident-2", status: "resolved" } },
      ],
      sequentialIds(),
    );
    expect(writes.incidents.map((incident) => incident.groupKey)).toEqual(["group-a"]);
    expect(writes.links.map((link) => link.incidentId)).toEqual([writes.incidents[0]?.id, "incident-2"]);
    expect(writes.resolutions).toEqual([]);
    expect(answers.map((answer) => answer?.result.outcome)).toEqual(["opened", "updated"]);
  });

  it("answers a redelivery as it was answered and writes nothing for it", () => {
    const { writes, answers } = planIngestWrites(
      [delivery("d1", alert("f1", "firing"))],
      [{ stored: { incidentId: "incident-1", alerts: 1 }, found: { id: "incident-1", status: "open" } }],
      sequentialIds(),
    );
    expect(writes).toEqual({ incidents: [], links: [], resolutions: [], investigations: [], records: [] });
    expect(answers).toEqual([
      {
        result: { incidentId: "incident-1", alerts: 1, duplicate: true, outcome: "duplicate" },
        resolving: null,
      },
    ]);
  });

  it("records a delivery without alerts as ignored", () => {
    const { writes, answers } = planIngestWrites([delivery("ping")], [nothingFound], sequentialIds());
    expect(writes.records).toEqual([
      {
        delivery: expect.objectContaining({ dedupKey: "ping" }),
        id: "id-1",
        incidentId: null,
        alerts: 0,
        audit: [],
      },
    ]);
    expect(answers[0]?.result).toEqual({ incidentId: null, alerts: 0, duplicate: false, outcome: "ignored" });
  });

  it("holds back a delivery whose incident an earlier one in the batch writes to, and writes nothing for it", () => {
    const shared = { id: "incident-1", status: "open" as const };
    const { writes, answers } = planIngestWrites(
      [
        delivery("d1", alert("f1", "resolved")),
        delivery("d2", alert("f2", "resolved", "group-b")),
        delivery("d3", alert("f3", "firing", "group-c")),
      ],
      [{ stored: null, found: shared }, { stored: null, found: shared }, nothingFound],
      sequentialIds(),
    );
    expect(answers[1]).toBeUndefined();
    expect(answers[0]?.resolving).toBe("incident-1");
    expect(answers[2]?.result.outcome).toBe("opened");
    expect(writes.records.map((record) => record.delivery.dedupKey)).toEqual(["d1", "d3"]);
    expect(writes.resolutions).toEqual([{ incidentId: "incident-1", actor: "alertmanager" }]);
  });
});

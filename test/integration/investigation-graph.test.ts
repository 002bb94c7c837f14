import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultInvestigators } from "../../src/agent/create-investigation.ts";
import type { Investigator } from "../../src/agent/investigators/investigator.ts";
import { checkRcaGrounding } from "../../src/domain/check-rca-grounding.ts";
import type { RcaDocument } from "../../src/domain/rca.ts";
import { createIncidentQueries } from "../../src/store/create-incident-queries.ts";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.ts";
import {
  createCaseInvestigation,
  loadNezhaCase,
  storeIncidentFromCase,
} from "../support/investigation-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

describe("the investigation graph on a real recorded incident", () => {
  let database: TestDatabase;
  let opened: OpenedDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    opened = openDatabase({ url: database.url, poolSize: 6 });
  });
  afterAll(async () => {
    await opened.close();
    await database.close();
  });

  it("stores a grounded RCA whose top hypothesis names the faulty service, and lists missing sources as gaps", async () => {
    const replayCase = await loadNezhaCase("nezha-ob-02");
    const incidentId = await storeIncidentFromCase(opened.db, replayCase);
    const { investigate } = await createCaseInvestigation(opened, replayCase);

    expect(await investigate(incidentId)).toBe("finished");

    const detail = await createIncidentQueries(opened.db).get(incidentId);
    const rca = detail?.rca as RcaDocument;
    expect(rca.top?.service).toBe("paymentservice");
    expect(rca.top?.kind).toBe("network-latency");
    expect(checkRcaGrounding(rca)).toEqual({ ok: true, problems: [] });
    expect(rca.gaps.map((gap) => gap.source)).toEqual(expect.arrayContaining(["logs", "changes"]));
    expect(rca.mitigation.action).toBe("none");
    const evidenceIds = new Set(rca.evidence.map((item) => item.id));
    for (const id of rca.top?.evidenceIds ?? []) expect(evidenceIds.has(id)).toBe(true);
    const types = detail?.audit.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(["investigation.started", "rca.created", "investigation.finished"]),
    );
  });

  it("never investigates a finished incident twice", async () => {
    const replayCase = await loadNezhaCase("nezha-ob-02");
    const incidentId = await storeIncidentFromCase(opened.db, replayCase);
    const { investigate } = await createCaseInvestigation(opened, replayCase);

    expect(await investigate(incidentId)).toBe("finished");
    expect(await investigate(incidentId)).toBe("already-finished");

    const detail = await createIncidentQueries(opened.db).get(incidentId);
    expect(detail?.audit.filter((event) => event.type === "rca.created")).toHaveLength(1);
    expect(detail?.audit.filter((event) => event.type === "investigation.started")).toHaveLength(1);
  });

  it("turns an investigator that overruns its deadline into a gap and still writes the RCA", async () => {
    const replayCase = await loadNezhaCase("nezha-ob-02");
    const incidentId = await storeIncidentFromCase(opened.db, replayCase);
    const stuck: Investigator = {
      name: "infra",
      run: (_scope, _sources, signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")))),
    };
    const investigators = [...defaultInvestigators().filter((item) => item.name !== "infra"), stuck];
    const { investigate } = await createCaseInvestigation(opened, replayCase, {
      investigators,
      deadlineMs: 1_500,
    });

    expect(await investigate(incidentId)).toBe("finished");

    const rca = (await createIncidentQueries(opened.db).get(incidentId))?.rca as RcaDocument;
    expect(rca.gaps).toContainEqual(expect.objectContaining({ investigator: "infra", reason: "timeout" }));
    expect(rca.top?.service).toBe("paymentservice");
  });

  it("runs the four investigators in parallel, not one after another", async () => {
    const replayCase = await loadNezhaCase("nezha-ob-04");
    const incidentId = await storeIncidentFromCase(opened.db, replayCase);
    const running = { now: 0, most: 0 };
    const slow = (investigator: Investigator): Investigator => ({
      name: investigator.name,
      async run(scope, sources, signal) {
        running.now++;
        running.most = Math.max(running.most, running.now);
        await new Promise((resolve) => setTimeout(resolve, 200));
        try {
          return await investigator.run(scope, sources, signal);
        } finally {
          running.now--;
        }
      },
    });
    const { investigate } = await createCaseInvestigation(opened, replayCase, {
      investigators: defaultInvestigators().map(slow),
    });

    await investigate(incidentId);

    expect(running.most).toBe(4);
  });
});

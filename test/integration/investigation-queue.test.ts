import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { alertmanagerWebhook } from "../support/alertmanager-payloads.ts";
import { countRows } from "../support/count-rows.ts";
import { answerOf, incidentIdOf, incidentOf } from "../support/responses.ts";
import { startTestVigil, type TestVigil } from "../support/start-test-vigil.ts";

let vigil: TestVigil | undefined;
afterEach(async () => {
  await vigil?.stop();
  vigil = undefined;
});

async function openIncident(running: TestVigil, alertname: string): Promise<string> {
  const response = await running.app.request("/webhooks/alertmanager", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(alertmanagerWebhook({ alerts: [{ labels: { alertname } }] })),
  });
  expect(response.status).toBe(202);
  return incidentIdOf(await answerOf(response));
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the investigation queue", () => {
  it("investigates an opened incident with the graph by default, listing unconfigured sources as gaps", async () => {
    const running = await startTestVigil();
    vigil = running;
    const incidentId = await openIncident(running, "QueuedByDefault");
    const audit = await eventually(
      async () => (await incidentOf(await running.app.request(`/api/incidents/${incidentId}`))).audit,
      (events) => events.some((event) => event.type === "investigation.finished"),
    );
    expect(audit.map((event) => event.type)).toEqual([
      "incident.opened",
      "investigation.queued",
      "investigation.started",
      "rca.created",
      "investigation.finished",
    ]);
    const detail = (await (await running.app.request(`/api/incidents/${incidentId}`)).json()) as {
      rca: { top: unknown; gaps: Array<{ source: string; reason: string }> };
    };
    expect(detail.rca.top).toBeNull();
    expect(detail.rca.gaps).toContainEqual(
      expect.objectContaining({ source: "metrics", reason: "unavailable" }),
    );
  });

  it("hands each opened incident to the injected investigation exactly once", async () => {
    const investigated: string[] = [];
    const running = await startTestVigil({
      investigate: async (incidentId) => {
        investigated.push(incidentId);
      },
    });
    vigil = running;
    const first = await openIncident(running, "InjectedA");
    const second = await openIncident(running, "InjectedB");
    // A new alert in an open incident must not start a second investigation.
    await running.app.request("/webhooks/alertmanager", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        alertmanagerWebhook({
          groupLabels: { alertname: "InjectedA" },
          alerts: [{ labels: { alertname: "InjectedA", pod: "2" } }],
        }),
      ),
    });
    await eventually(
      async () => investigated.length,
      (count) => count >= 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(investigated.sort()).toEqual([first, second].sort());
  });

  it("retries an investigation that failed", async () => {
    let calls = 0;
    const running = await startTestVigil({
      investigate: async () => {
        calls += 1;
        if (calls === 1) throw new Error("investigator crashed");
      },
    });
    vigil = running;
    const incidentId = await openIncident(running, "RetriedInvestigation");
    const state = await eventually(
      async () => {
        const { rows } = await sql<{ state: string }>`
          select state from pgboss.job where name = 'investigate-incident' and data->>'incidentId' = ${incidentId}
        `.execute(running.db);
        return rows[0]?.state;
      },
      (value) => value === "completed",
      20_000,
    );
    expect(state).toBe("completed");
    expect(calls).toBe(2);
  });

  it("keeps no queued investigation when the database fails the transaction after the enqueue", async () => {
    const running = await startTestVigil({ startWorker: false });
    vigil = running;
    // The delivery row is the last statement of the transaction that opens an incident; make
    // Postgres refuse it, after the incident, the alerts and the queued job were written.
    await sql`
      create function refuse_delivery() returns trigger language plpgsql as $$
      begin raise exception 'disk on fire'; end $$
    `.execute(running.db);
    await sql`create trigger refuse_delivery before insert on webhook_deliveries
      for each row execute function refuse_delivery()`.execute(running.db);
    const before = await countRows(running.db);

    const response = await running.app.request("/webhooks/alertmanager", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(alertmanagerWebhook({ alerts: [{ labels: { alertname: "RolledBack" } }] })),
    });
    expect(response.status).toBe(500);
    expect(await countRows(running.db)).toEqual(before);
  });
});

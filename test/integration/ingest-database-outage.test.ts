import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.ts";
import { type RunningVigil, startVigil } from "../../src/main.ts";
import { openDatabase } from "../../src/store/open-database.ts";
import { alertmanagerWebhook } from "../support/alertmanager-payloads.ts";
import { answerOf, errorOf } from "../support/responses.ts";
import { type ScratchPostgres, startScratchPostgres } from "../support/scratch-postgres.ts";

let postgres: ScratchPostgres;
let vigil: RunningVigil;
const cwd = mkdtempSync(join(tmpdir(), "vigil-cwd-"));

beforeAll(async () => {
  postgres = await startScratchPostgres();
  const config = loadConfig({
    env: { PORT: "0", VIGIL_LOG_LEVEL: "silent", DATABASE_URL: postgres.current().url },
    cwd,
  });
  vigil = await startVigil({ config, startWorker: false });
});
afterAll(async () => {
  await vigil?.stop();
  await postgres?.destroy();
  rmSync(cwd, { recursive: true, force: true });
});

interface Sent {
  body: string;
  status: number;
  incidentId: string | null;
}

function body(index: number): string {
  return JSON.stringify(
    alertmanagerWebhook({ alerts: [{ labels: { alertname: `Outage${index}`, service: "db" } }] }),
  );
}

async function send(payload: string): Promise<Sent> {
  const response = await fetch(`${vigil.url}/webhooks/alertmanager`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: payload,
  });
  if (response.status === 202)
    return { body: payload, status: 202, incidentId: (await answerOf(response)).incidentId };
  const error = await errorOf(response);
  expect(error.code).toBe("database_unavailable");
  return { body: payload, status: response.status, incidentId: null };
}

describe("Postgres stopped while deliveries arrive", () => {
  it("answers 503, stores nothing half-written, and stores every retried delivery once", async () => {
    const sent: Sent[] = [];
    let next = 0;
    let stopped: Promise<void> | null = null;
    // Eight senders keep deliveries in flight; after 60 answers Postgres is stopped under them.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 160) {
          const index = next++;
          sent.push(await send(body(index)));
          if (sent.length === 60 && stopped === null) stopped = postgres.current().stop();
        }
      }),
    );
    await stopped;

    const accepted = sent.filter((delivery) => delivery.status === 202);
    const refused = sent.filter((delivery) => delivery.status !== 202);
    expect(accepted.length).toBeGreaterThanOrEqual(60);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((delivery) => delivery.status))).toEqual(new Set([503]));
    expect((await fetch(`${vigil.url}/readyz`)).status).toBe(503);

    await postgres.restart();
    await waitUntilReady(vigil.url);

    // Inspect what survived through a connection of our own.
    const inspector = openDatabase({ url: postgres.current().url, poolSize: 1 });
    try {
      const dedupKeys = async () =>
        new Set(
          (await inspector.db.selectFrom("webhook_deliveries").select("dedup_key").execute()).map(
            (row) => row.dedup_key,
          ),
        );
      const stored = await dedupKeys();
      for (const delivery of accepted) expect(stored.has(sha256(delivery.body))).toBe(true);
      for (const delivery of refused) expect(stored.has(sha256(delivery.body))).toBe(false);
      expect(await halfWritten(inspector.db)).toEqual([]);

      // The senders retry what got a 503; now it is stored, once.
      for (const delivery of refused) {
        const retried = await send(delivery.body);
        expect(retried.status).toBe(202);
      }
      for (const delivery of [...accepted, ...refused].slice(0, 20)) {
        const again = await fetch(`${vigil.url}/webhooks/alertmanager`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: delivery.body,
        });
        expect((await answerOf(again)).duplicate).toBe(true);
      }
      expect((await dedupKeys()).size).toBe(160);
      const { rows } = await sql<{
        incidents: number;
      }>`select count(*)::int as incidents from incidents`.execute(inspector.db);
      expect(rows[0]?.incidents).toBe(160);
      expect(await halfWritten(inspector.db)).toEqual([]);
    } finally {
      await inspector.close();
    }
  });
});

/** Anything that only a partly applied delivery could leave behind; empty when every delivery is whole. */
async function halfWritten(db: ReturnType<typeof openDatabase>["db"]): Promise<string[]> {
  const { rows } = await sql<{ problem: string }>`
    select 'delivery without incident ' || d.id as problem from webhook_deliveries d
      where d.outcome = 'accepted' and (d.incident_id is null or d.alert_count = 0)
    union all
    select 'incident without alerts ' || i.id from incidents i
      where not exists (select 1 from incident_alerts ia where ia.incident_id = i.id)
    union all
    select 'incident without delivery ' || i.id from incidents i
      where not exists (select 1 from webhook_deliveries d where d.incident_id = i.id)
    union all
    select 'alert without incident ' || a.id from alerts a
      where not exists (select 1 from incident_alerts ia where ia.alert_id = a.id)
    union all
    select 'open incident without queued investigation ' || i.id from incidents i
      where i.status = 'open' and not exists (
        select 1 from pgboss.job j where j.name = 'investigate-incident' and j.data->>'incidentId' = i.id::text)
    union all
    select 'incident without audit trail ' || i.id from incidents i
      where not exists (select 1 from audit_events e where e.incident_id = i.id and e.type = 'incident.opened')
  `.execute(db);
  return rows.map((row) => row.problem);
}

async function waitUntilReady(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if ((await fetch(`${url}/readyz`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("Vigil did not become ready after Postgres restarted");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertmanagerWebhook } from "../support/alertmanager-payloads.ts";
import { countRows } from "../support/count-rows.ts";
import { answerOf, type WebhookAnswer } from "../support/responses.ts";
import { startTestVigil, type TestVigil } from "../support/start-test-vigil.ts";

let vigil: TestVigil;

beforeAll(async () => {
  vigil = await startTestVigil({ startWorker: false });
});
afterAll(async () => {
  await vigil?.stop();
});

async function post(body: object): Promise<{ status: number; body: WebhookAnswer }> {
  const response = await fetch(`${vigil.url}/webhooks/alertmanager`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await answerOf(response) };
}

describe("concurrent deliveries over HTTP", () => {
  it("stores exactly 200 incidents for 200 concurrent deliveries of distinct alerts", async () => {
    const before = await countRows(vigil.db);
    const deliveries = Array.from({ length: 200 }, (_, index) =>
      alertmanagerWebhook({ alerts: [{ labels: { alertname: `Distinct${index}`, service: "load" } }] }),
    );
    const answers = await Promise.all(deliveries.map(post));

    expect(answers.map((answer) => answer.status)).toEqual(Array(200).fill(202));
    expect(new Set(answers.map((answer) => answer.body.incidentId)).size).toBe(200);
    expect(await countRows(vigil.db)).toEqual({
      incidents: before.incidents + 200,
      alerts: before.alerts + 200,
      incidentAlerts: before.incidentAlerts + 200,
      deliveries: before.deliveries + 200,
      // incident.opened, investigation.queued
      auditEvents: before.auditEvents + 400,
      investigationJobs: before.investigationJobs + 200,
    });
  });

  it("stores one delivery once when it is delivered 20 times at the same moment", async () => {
    const before = await countRows(vigil.db);
    const body = alertmanagerWebhook({ alerts: [{ labels: { alertname: "RetriedInParallel" } }] });
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(body)));

    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    expect(new Set(answers.map((answer) => answer.body.incidentId)).size).toBe(1);
    expect(answers.filter((answer) => !answer.body.duplicate)).toHaveLength(1);
    const after = await countRows(vigil.db);
    expect(after.incidents).toBe(before.incidents + 1);
    expect(after.deliveries).toBe(before.deliveries + 1);
    expect(after.investigationJobs).toBe(before.investigationJobs + 1);
  });

  it("opens one incident when distinct alerts of one new group arrive at the same moment", async () => {
    const group = { alertname: "SameGroupRace" };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        post(
          alertmanagerWebhook({
            groupLabels: group,
            alerts: [{ labels: { alertname: "SameGroupRace", pod: `p${index}` } }],
          }),
        ),
      ),
    );
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    expect(new Set(answers.map((answer) => answer.body.incidentId)).size).toBe(1);
    const { rows } = await sql<{ incidents: number; alerts: number }>`
      select count(distinct i.id)::int as incidents, count(ia.alert_id)::int as alerts
      from incidents i join incident_alerts ia on ia.incident_id = i.id
      where i.group_key = '{}:{alertname="SameGroupRace"}'
    `.execute(vigil.db);
    expect(rows[0]).toEqual({ incidents: 1, alerts: 20 });
  });
});

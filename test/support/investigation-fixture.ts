import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { createReplaySources } from "../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase, type ReplayCase } from "../../integrations/replay/load-replay-case.ts";
import { createInvestigation } from "../../src/agent/create-investigation.ts";
import type { Investigator } from "../../src/agent/investigators/investigator.ts";
import { loadRunbooks } from "../../src/agent/runbooks/load-runbooks.ts";
import { DEFAULT_MITIGATION_POLICY } from "../../src/mitigation/mitigation-policy.ts";
import { fixedClock } from "../../src/ports/clock.ts";
import { createCheckpointer } from "../../src/store/create-checkpointer.ts";
import { createInvestigationRepository } from "../../src/store/create-investigation-repository.ts";
import type { Database } from "../../src/store/database.ts";
import type { OpenedDatabase } from "../../src/store/open-database.ts";

export const NEZHA_CASES = new URL("../../../shared/evals-real/nezha/", import.meta.url).pathname;
export const RUNBOOKS = new URL("../../runbooks/", import.meta.url).pathname;

/**
 * Stores a replay case's alert as an open incident the way ingestion leaves it (incident, alert,
 * link) and returns its id; the ingestion path itself is tested in the ingest suites.
 */
export async function storeIncidentFromCase(db: Kysely<Database>, replayCase: ReplayCase): Promise<string> {
  const payload = replayCase.alert.payload as unknown as {
    alerts: Array<Record<string, unknown>>;
    groupKey: string;
  };
  const alert = payload.alerts[0] as {
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    fingerprint: string;
  };
  const incidentId = randomUUID();
  // Each call opens its own incident, even for the same case.
  const groupKey = `${payload.groupKey}#${incidentId}`;
  await db
    .insertInto("incidents")
    .values({
      id: incidentId,
      source: "alertmanager",
      group_key: groupKey,
      external_id: null,
      status: "open",
      title: alert.labels.alertname ?? "alert",
      severity: alert.labels.severity ?? "warning",
    })
    .execute();
  const inserted = await db
    .insertInto("alerts")
    .values({
      source: "alertmanager",
      fingerprint: `${alert.fingerprint}-${incidentId}`,
      status: "firing",
      name: alert.labels.alertname ?? "alert",
      severity: alert.labels.severity ?? "warning",
      summary: alert.annotations.summary ?? "",
      labels: JSON.stringify(alert.labels),
      annotations: JSON.stringify(alert.annotations),
      starts_at: new Date(alert.startsAt),
      ends_at: null,
      group_key: groupKey,
      external_id: null,
      raw: JSON.stringify(alert),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("incident_alerts").values({ incident_id: incidentId, alert_id: inserted.id }).execute();
  return incidentId;
}

/** The real investigation (graph, checkpointer, repository) over one replay case's sources. */
export async function createCaseInvestigation(
  database: OpenedDatabase,
  replayCase: ReplayCase,
  options: { investigators?: Investigator[]; deadlineMs?: number } = {},
) {
  const clock = fixedClock(new Date(replayCase.now));
  const sources = createReplaySources(replayCase);
  return createInvestigation({
    repository: createInvestigationRepository(database.db),
    checkpointer: await createCheckpointer(database.pool),
    contextFor: () => ({ sources, clock }),
    runbooks: await loadRunbooks(RUNBOOKS),
    policy: DEFAULT_MITIGATION_POLICY,
    clock,
    deadlineMs: options.deadlineMs ?? 20_000,
    ...(options.investigators ? { investigators: options.investigators } : {}),
  });
}

export async function loadNezhaCase(id: string): Promise<ReplayCase> {
  return await loadReplayCase(`${NEZHA_CASES}${id}.json`);
}

import type { Kysely } from "kysely";
import type { PagerdutySettings } from "../../src/config/sections/pagerduty-section.ts";
import type { MitigationState, MitigationStatus } from "../../src/domain/mitigation-plan.ts";
import type { RcaDocument } from "../../src/domain/rca.ts";
import type { IncidentNotifier } from "../../src/ports/incident-notifier.ts";
import { appendAuditEvent } from "../../src/store/append-audit-event.ts";
import type { Database } from "../../src/store/database.ts";
import { type Logger, silentLogger } from "../../src/telemetry/create-logger.ts";
import {
  createPagerdutyWritebackClient,
  type PagerdutyCallResult,
  type RetryPolicy,
} from "./pagerduty-writeback-client.ts";
import { createWritebackLedger } from "./pagerduty-writeback-ledger.ts";
import {
  isNotedMitigationState,
  mapMitigationToPagerdutyNote,
  mapRcaToPagerdutyNote,
} from "./pagerduty-writeback-notes.ts";

export interface PagerdutyNotifierDeps {
  db: Kysely<Database>;
  /** `config.pagerdutyApi`; build no notifier when it is null. */
  settings: PagerdutySettings;
  logger?: Logger;
  /** The plan and its history, for richer mitigation notes; without it the RCA's proposal is named. */
  loadMitigation?: (incidentId: string) => Promise<MitigationStatus | null>;
  retry?: RetryPolicy;
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** How long an unfinished send blocks others before it is presumed dead. */
  claimLeaseSeconds?: number;
}

interface PagerdutyIncident {
  /** Vigil's incident id. */
  id: string;
  /** PagerDuty's incident id. */
  externalId: string;
  rca: RcaDocument | null;
}

const ACTOR = "vigil";

/**
 * Writes Vigil's progress back to the PagerDuty incident an incident came from: the RCA as a
 * note, a note per mitigation step, and (when `acknowledgeOnStart`) an acknowledge. Incidents from
 * any other source are left alone. Each message is sent at most once per incident (the
 * `outbound_notes` claim), so retried jobs and concurrent workers do not repeat it. Failures are
 * logged and recorded as `pagerduty.failed` audit events; nothing is thrown to the caller.
 */
export function createPagerdutyNotifier({
  db,
  settings,
  logger = silentLogger,
  loadMitigation,
  retry,
  requestTimeoutMs,
  sleep,
  claimLeaseSeconds,
}: PagerdutyNotifierDeps): IncidentNotifier {
  const client = createPagerdutyWritebackClient({
    token: settings.apiToken,
    apiUrl: settings.apiUrl,
    fromEmail: settings.fromEmail,
    ...(retry === undefined ? {} : { retry }),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
    ...(sleep === undefined ? {} : { sleep }),
  });
  const ledger = createWritebackLedger({
    db,
    target: "pagerduty",
    ...(claimLeaseSeconds === undefined ? {} : { leaseSeconds: claimLeaseSeconds }),
  });
  if (settings.fromEmail === null) {
    logger.warn("pagerduty.fromEmail is not set: account API keys need it to add notes or acknowledge");
  }

  async function findIncident(incidentId: string): Promise<PagerdutyIncident | null> {
    const row = await db
      .selectFrom("incidents")
      .leftJoin("rcas", "rcas.incident_id", "incidents.id")
      .select([
        "incidents.id",
        "incidents.source",
        "incidents.external_id",
        "incidents.group_key",
        "rcas.document",
      ])
      .where("incidents.id", "=", incidentId)
      .executeTakeFirst();
    if (row === undefined || row.source !== "pagerduty") return null;
    return { id: row.id, externalId: row.external_id ?? row.group_key, rca: row.document ?? null };
  }

  /** Claims `key`, runs `send`, and records the outcome; a failed send frees the key for a retry. */
  async function once<T>(
    incident: PagerdutyIncident,
    key: string,
    operation: string,
    send: () => Promise<PagerdutyCallResult<T> | { skipped: string }>,
    onSent: (value: T) => {
      externalId: string | null;
      audit: { type: string; data: Record<string, unknown> };
    },
  ): Promise<void> {
    const claimId = await ledger.claim(incident.id, key);
    if (claimId === null) {
      logger.debug("pagerduty write-back already done or in progress", { incidentId: incident.id, key });
      return;
    }
    let result: Awaited<ReturnType<typeof send>>;
    try {
      result = await send();
    } catch (error) {
      await ledger.release(incident.id, key, claimId);
      throw error;
    }
    const pagerdutyIncidentId = incident.externalId;
    if ("skipped" in result) {
      await ledger.complete(incident.id, key, claimId, null);
      logger.info("pagerduty write-back skipped", { incidentId: incident.id, key, reason: result.skipped });
      return;
    }
    if (result.ok) {
      const { externalId, audit } = onSent(result.value);
      await ledger.complete(incident.id, key, claimId, externalId);
      logger.debug("pagerduty write-back sent", { incidentId: incident.id, key, attempts: result.attempts });
      await appendAuditEvent(db, {
        incidentId: incident.id,
        type: audit.type,
        actor: ACTOR,
        data: { key, pagerdutyIncidentId, attempts: result.attempts, ...audit.data },
      });
      return;
    }
    await ledger.release(incident.id, key, claimId);
    const { status, code, message, attempts } = result;
    logger.warn("pagerduty write-back failed", {
      incidentId: incident.id,
      pagerdutyIncidentId,
      operation,
      key,
      status,
      code,
      // Not `message`: that field is the log line's own.
      reason: message,
      attempts,
    });
    await appendAuditEvent(db, {
      incidentId: incident.id,
      type: "pagerduty.failed",
      actor: ACTOR,
      data: { operation, key, pagerdutyIncidentId, status, code, message, attempts },
    });
  }

  const addNote = (incident: PagerdutyIncident, key: string, content: string) =>
    once(
      incident,
      key,
      "note",
      () => client.addNote(incident.externalId, content),
      ({ noteId }) => ({ externalId: noteId, audit: { type: "pagerduty.noted", data: { noteId } } }),
    );

  /** The notifier contract: never throw into the investigation. */
  const guarded =
    <A extends unknown[]>(name: string, body: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        await body(...args);
      } catch (error) {
        logger.error("pagerduty write-back error", {
          step: name,
          incidentId: args[0],
          reason: redact(error instanceof Error ? error.message : String(error), settings.apiToken),
        });
      }
    };

  return {
    investigationStarted: guarded("investigationStarted", async (incidentId: string) => {
      if (!settings.acknowledgeOnStart) return;
      const incident = await findIncident(incidentId);
      if (incident === null) return;
      await once(
        incident,
        "acknowledge",
        "acknowledge",
        async () => {
          // Someone may have acknowledged or resolved it already; neither should be overwritten.
          const current = await client.getIncident(incident.externalId);
          if (current.ok && current.value.status !== "triggered")
            return { skipped: `already ${current.value.status}` };
          return current.ok ? await client.acknowledge(incident.externalId) : current;
        },
        () => ({ externalId: null, audit: { type: "pagerduty.acknowledged", data: {} } }),
      );
    }),

    rcaReady: guarded("rcaReady", async (incidentId: string) => {
      const incident = await findIncident(incidentId);
      if (incident === null) return;
      if (incident.rca === null) {
        logger.warn("rcaReady called for an incident with no stored RCA", { incidentId });
        return;
      }
      const note = mapRcaToPagerdutyNote(incident.rca, { incidentId, publicUrl: settings.publicUrl });
      await addNote(incident, "rca", note);
    }),

    // Progress lines belong in the Slack thread; a PagerDuty timeline with every gap would be noise.
    progress: async () => {},

    mitigationChanged: guarded(
      "mitigationChanged",
      async (incidentId: string, state: MitigationState, by?: string) => {
        if (!isNotedMitigationState(state)) return;
        const incident = await findIncident(incidentId);
        if (incident === null) return;
        const status = loadMitigation === undefined ? null : await loadMitigation(incidentId);
        // Per plan when the plan is known: a later plan for the same incident gets its own notes.
        const key = status === null ? `mitigation:${state}` : `mitigation:${status.plan.id}:${state}`;
        const note = mapMitigationToPagerdutyNote({
          state,
          by,
          status,
          proposal: incident.rca?.mitigation ?? null,
        });
        await addNote(incident, key, note);
      },
    ),
  };
}

function redact(text: string, token: string): string {
  return text.split(token).join("[redacted]");
}

import { type Kysely, sql } from "kysely";
import type { RcaDocument } from "../domain/rca.ts";
import type { Database, IncidentStatus } from "../store/database.ts";

/** What the Slack card and the conversation need to know about one incident. */
export interface IncidentFacts {
  id: string;
  title: string;
  severity: string;
  status: IncidentStatus;
  openedAt: string;
  rca: RcaDocument | null;
  /** `service` labels of the incident's alerts. */
  alertServices: string[];
  /** `team` labels of the incident's alerts. */
  alertTeams: string[];
}

export interface SlackIncidentLookup {
  get(incidentId: string): Promise<IncidentFacts | null>;
  /** A full id, or a prefix of at least 6 characters (what people type); the newest match wins. */
  find(idOrPrefix: string): Promise<IncidentFacts | null>;
  open(limit?: number): Promise<IncidentFacts[]>;
  /** The newest incident whose RCA or alerts name the service. */
  latestForService(service: string): Promise<IncidentFacts | null>;
  /** Services named by recent incidents, for finding one in free text. */
  knownServices(): Promise<string[]>;
}

const RECENT = 200;
const ID_PREFIX = /^[0-9a-f-]{6,36}$/i;

export function createSlackIncidentLookup(db: Kysely<Database>): SlackIncidentLookup {
  const labelValues = (key: string) => sql<string[]>`(
    select coalesce(jsonb_agg(distinct alerts.labels->>${key}) filter (where alerts.labels ? ${key}), '[]'::jsonb)
    from incident_alerts join alerts on alerts.id = incident_alerts.alert_id
    where incident_alerts.incident_id = incidents.id)`;
  const base = () =>
    db
      .selectFrom("incidents")
      .leftJoin("rcas", "rcas.incident_id", "incidents.id")
      .select([
        "incidents.id",
        "incidents.title",
        "incidents.severity",
        "incidents.status",
        "incidents.opened_at",
        "rcas.document",
        labelValues("service").as("alert_services"),
        labelValues("team").as("alert_teams"),
      ])
      .orderBy("incidents.opened_at", "desc")
      .orderBy("incidents.id", "desc");
  const recent = async () => (await base().limit(RECENT).execute()).map(mapFacts);

  return {
    async get(incidentId) {
      if (!ID_PREFIX.test(incidentId) || incidentId.length !== 36) return null;
      const row = await base().where("incidents.id", "=", incidentId).executeTakeFirst();
      return row === undefined ? null : mapFacts(row);
    },
    async find(idOrPrefix) {
      const wanted = idOrPrefix.trim().toLowerCase();
      if (!ID_PREFIX.test(wanted)) return null;
      const row = await base()
        .where(sql<boolean>`incidents.id::text like ${`${wanted}%`}`)
        .executeTakeFirst();
      return row === undefined ? null : mapFacts(row);
    },
    async open(limit = 20) {
      return (await base().where("incidents.status", "=", "open").limit(limit).execute()).map(mapFacts);
    },
    async latestForService(service) {
      return (await recent()).find((facts) => servicesOf(facts).includes(service)) ?? null;
    },
    async knownServices() {
      return [...new Set((await recent()).flatMap(servicesOf))];
    },
  };
}

function servicesOf(facts: IncidentFacts): string[] {
  return [
    ...facts.alertServices,
    ...(facts.rca?.services ?? []),
    ...(facts.rca?.top ? [facts.rca.top.service] : []),
  ];
}

function mapFacts(row: {
  id: string;
  title: string;
  severity: string;
  status: IncidentStatus;
  opened_at: Date;
  document: RcaDocument | null;
  alert_services: string[];
  alert_teams: string[];
}): IncidentFacts {
  return {
    id: row.id,
    title: row.title,
    severity: row.severity,
    status: row.status,
    openedAt: row.opened_at.toISOString(),
    rca: row.document,
    alertServices: row.alert_services,
    alertTeams: row.alert_teams,
  };
}

import type { AlertLink, DeliveryRecord, NewIncident } from "../ingest/ingest-repository.ts";
import type { NormalizedAlert, NormalizedDelivery } from "../ingest/normalized-delivery.ts";
import { groupingAlert } from "../ingest/plan-ingest-writes.ts";
import { INVESTIGATE_INCIDENT } from "./job-queue.ts";
import type { CompiledStatement } from "./pipelined-transaction.ts";

/**
 * The statements of the ingest transaction. Each takes a whole batch of deliveries as one JSON
 * parameter (`jsonb_to_recordset`), so its text never changes: it is parsed and planned once per
 * connection, a batch of fifty costs one statement like a batch of one, and building it is one
 * JSON.stringify. A parameter must never be needed to plan one (see OPEN_INCIDENTS).
 */
export const ingestStatements = {
  /**
   * For each delivery (`ord`): the stored answer to an earlier copy, and its incident: open before
   * resolved; the sender's own grouping before a fingerprint match; the oldest open, else the
   * latest. The incident is locked, which serializes deliveries for one incident so that "none
   * firing" is decided on current data; rows are locked in delivery order.
   */
  lookUp(deliveries: readonly NormalizedDelivery[]): CompiledStatement {
    return { sql: LOOK_UP, parameters: [JSON.stringify(lookupRows(deliveries))] };
  },

  /** Raises NOT_NEW_MESSAGE unless no delivery has a stored answer or an incident it could join. */
  assertNew(deliveries: readonly NormalizedDelivery[]): CompiledStatement {
    return { sql: ASSERT_NEW, parameters: [JSON.stringify(lookupRows(deliveries)), NOT_NEW_MESSAGE] };
  },

  storedAnswer(delivery: NormalizedDelivery): CompiledStatement {
    return { sql: STORED_ANSWER, parameters: [delivery.source, delivery.dedupKey] };
  },

  openIncidents(incidents: readonly NewIncident[]): CompiledStatement {
    const rows = incidents.map((incident) => ({
      id: incident.id,
      source: incident.source,
      group_key: incident.groupKey,
      external_id: incident.externalId,
      status: incident.status,
      title: incident.title,
      severity: incident.severity,
    }));
    return { sql: OPEN_INCIDENTS, parameters: [JSON.stringify(rows)] };
  },

  upsertAlerts(links: readonly AlertLink[]): CompiledStatement {
    const rows = links.flatMap(({ incidentId, alerts }) =>
      uniqueByIdentity(alerts).map(({ alert, raw }) => ({
        incident_id: incidentId,
        source: alert.source,
        fingerprint: alert.fingerprint,
        status: alert.status,
        name: alert.name,
        severity: alert.severity,
        summary: alert.summary,
        labels: alert.labels,
        annotations: alert.annotations,
        starts_at: alert.startsAt,
        ends_at: alert.endsAt,
        group_key: alert.groupKey,
        external_id: alert.externalId,
        raw,
      })),
    );
    return { sql: UPSERT_ALERTS, parameters: [JSON.stringify(rows)] };
  },

  resolveIfSettled(incidents: readonly { incidentId: string; actor: string }[]): CompiledStatement {
    const rows = incidents.map(({ incidentId, actor }) => ({ incident_id: incidentId, actor }));
    return { sql: RESOLVE_IF_SETTLED, parameters: [JSON.stringify(rows)] };
  },

  /** Fails the transaction unless pg-boss really stored every job (its `insert` does not say). */
  assertJobsQueued(jobIds: readonly string[]): CompiledStatement {
    return {
      sql: ASSERT_JOBS_QUEUED,
      parameters: [
        INVESTIGATE_INCIDENT,
        [...jobIds],
        `pg-boss did not enqueue every ${INVESTIGATE_INCIDENT} job of this transaction`,
      ],
    };
  },

  /**
   * The deliveries, their answers and their audit trail in one statement. No ON CONFLICT: a
   * concurrent copy of a delivery must fail the whole transaction, pipelined COMMIT included.
   */
  recordDeliveries(records: readonly DeliveryRecord[]): CompiledStatement {
    const deliveries = records.map(({ delivery, id, incidentId, alerts }) => ({
      id,
      source: delivery.source,
      dedup_key: delivery.dedupKey,
      payload: delivery.payload,
      outcome: incidentId === null ? "ignored" : "accepted",
      incident_id: incidentId,
      alert_count: alerts,
    }));
    const audit = records.flatMap((record) =>
      record.audit.map((entry) => ({
        incident_id: entry.incidentId,
        type: entry.type,
        actor: entry.actor,
        data: entry.data,
      })),
    );
    return { sql: RECORD_DELIVERIES, parameters: [JSON.stringify(deliveries), JSON.stringify(audit)] };
  },
};

/** What the database says when a batch planned as new was not (see assertNew). */
export const NOT_NEW_MESSAGE = "vigil: a delivery planned as new has a stored answer or an incident to join";

function lookupRows(deliveries: readonly NormalizedDelivery[]) {
  return deliveries.map((delivery, ord) => ({
    ord,
    source: delivery.source,
    dedup_key: delivery.dedupKey,
    group_key: groupingAlert(delivery)?.alert.groupKey ?? null,
    fingerprints: delivery.alerts.map(({ alert }) => alert.fingerprint),
  }));
}

/** The unique constraint that makes a second copy of a delivery fail. */
export const DELIVERY_DEDUP_CONSTRAINT = "webhook_deliveries_source_dedup_key_key";

// The estimate for a recordset is always 100 rows, so each probe of a table is a lateral subquery
// with a LIMIT: that keeps it an index lookup per delivery. A plain join could be planned as a scan
// of the whole table (while it is small) and keep that plan while the table grows.
const LOOK_UP = `
select d.ord, w.id is not null as answered, w.incident_id as answered_incident_id,
  w.alert_count as answered_alerts, i.id as incident_id, i.status as incident_status
from jsonb_to_recordset($1::jsonb)
  as d(ord int, source text, dedup_key text, group_key text, fingerprints text[])
left join lateral (
  select earlier.id, earlier.incident_id, earlier.alert_count from webhook_deliveries earlier
  where earlier.source = d.source and earlier.dedup_key = d.dedup_key
  limit 1
) w on true
left join lateral (
  select c.id, c.status from incidents c
  where c.id = any(array(
    -- two index lookups, not a scan
    select g.id from incidents g where g.source = d.source and g.group_key = d.group_key
    union all
    select ia.incident_id from alerts a join incident_alerts ia on ia.alert_id = a.id
      where a.source = d.source and a.fingerprint = any(d.fingerprints)
  ))
  order by c.status = 'open' desc, (c.source = d.source and c.group_key = d.group_key) desc,
    case when c.status = 'open' then c.opened_at end asc, c.opened_at desc
  limit 1
  for update of c
) i on true
order by d.ord`;

// Whatever LOOK_UP would find, found or not, without locking: an incident of the group (open or
// resolved), one holding a fingerprint, or an earlier copy. Each probe is a lateral index lookup.
const ASSERT_NEW = `
select vigil_assert(not exists (
  select 1
  from jsonb_to_recordset($1::jsonb) as d(source text, dedup_key text, group_key text, fingerprints text[])
  left join lateral (
    select 1 as hit from webhook_deliveries earlier
    where earlier.source = d.source and earlier.dedup_key = d.dedup_key
    limit 1
  ) w on true
  left join lateral (
    select 1 as hit from incidents g where g.source = d.source and g.group_key = d.group_key
    limit 1
  ) g on true
  left join lateral (
    select 1 as hit from alerts a join incident_alerts ia on ia.alert_id = a.id
    where a.source = d.source and a.fingerprint = any(d.fingerprints)
    limit 1
  ) f on true
  where w.hit is not null or g.hit is not null or f.hit is not null
), $2)`;

const STORED_ANSWER = `
select incident_id, alert_count from webhook_deliveries where source = $1 and dedup_key = $2`;

// A concurrent delivery that opened a group first leaves that row out. The ON CONFLICT predicate
// is a literal: Postgres picks the partial unique index when it plans, before parameters are known.
const OPEN_INCIDENTS = `
insert into incidents (id, source, group_key, external_id, status, title, severity, resolved_at)
select t.id, t.source, t.group_key, t.external_id, t.status, t.title, t.severity,
  case when t.status = 'resolved' then now() end
from jsonb_to_recordset($1::jsonb) as t(id uuid, source text, group_key text, external_id text,
  status text, title text, severity text)
on conflict (source, group_key) where status = 'open' do nothing
returning id`;

const UPSERT_ALERTS = `
with given as (
  select * from jsonb_to_recordset($1::jsonb) as t(incident_id uuid, source text, fingerprint text,
    status text, name text, severity text, summary text, labels jsonb, annotations jsonb,
    starts_at timestamptz, ends_at timestamptz, group_key text, external_id text, raw jsonb)
), upserted as (
  insert into alerts (source, fingerprint, status, name, severity, summary, labels, annotations,
    starts_at, ends_at, group_key, external_id, raw)
  select source, fingerprint, status, name, severity, summary, labels, annotations, starts_at, ends_at,
    group_key, external_id, raw
  from given
  on conflict (source, fingerprint, starts_at) do update set status = excluded.status,
    ends_at = excluded.ends_at, severity = excluded.severity, summary = excluded.summary,
    labels = excluded.labels, annotations = excluded.annotations, raw = excluded.raw, updated_at = now()
  returning id, source, fingerprint, starts_at
)
insert into incident_alerts (incident_id, alert_id)
select given.incident_id, upserted.id
from upserted join given using (source, fingerprint, starts_at)
on conflict (incident_id, alert_id) do nothing`;

// A statement of its own after the upsert, so that it sees the alerts' new status.
const RESOLVE_IF_SETTLED = `
with given as (
  select * from jsonb_to_recordset($1::jsonb) as t(incident_id uuid, actor text)
), resolved as (
  update incidents set status = 'resolved', resolved_at = now(), updated_at = now()
  where id = any(array(select incident_id from given)) and status = 'open'
    and not exists (
      select 1 from incident_alerts ia join alerts a on a.id = ia.alert_id
      where ia.incident_id = incidents.id and a.status = 'firing')
  returning id
)
insert into audit_events (incident_id, type, actor, data)
select resolved.id, 'incident.resolved', given.actor, '{}'::jsonb
from resolved join given on given.incident_id = resolved.id
returning incident_id`;

const ASSERT_JOBS_QUEUED = `
select vigil_assert(
  (select count(*) from pgboss.job where name = $1 and id = any($2::uuid[])) = cardinality($2::uuid[]),
  $3)`;

// Data-modifying CTEs always run to completion, read or not: the deliveries are inserted even
// though the audit insert does not use them.
const RECORD_DELIVERIES = `
with recorded as (
  insert into webhook_deliveries (id, source, dedup_key, payload, outcome, incident_id, alert_count)
  select id, source, dedup_key, payload, outcome, incident_id, alert_count
  from jsonb_to_recordset($1::jsonb) as t(id uuid, source text, dedup_key text, payload jsonb,
    outcome text, incident_id uuid, alert_count int)
  returning id
)
insert into audit_events (incident_id, type, actor, data)
select incident_id, type, actor, data
from jsonb_to_recordset($2::jsonb) as t(incident_id uuid, type text, actor text, data jsonb)`;

/** Postgres refuses to upsert one row twice in a statement; a delivery listing an alert twice keeps the last. */
function uniqueByIdentity(alerts: NormalizedAlert[]): NormalizedAlert[] {
  const byIdentity = new Map<string, NormalizedAlert>();
  for (const entry of alerts) {
    byIdentity.set(`${entry.alert.fingerprint}\u0000${entry.alert.startsAt.toISOString()}`, entry);
  }
  return [...byIdentity.values()];
}

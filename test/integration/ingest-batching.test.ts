import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertmanagerWebhookSchema } from "../../integrations/alertmanager/alertmanager-webhook-schema.ts";
import { mapAlertmanagerWebhook } from "../../integrations/alertmanager/map-alertmanager-webhook.ts";
import { createIngestService, type IngestService } from "../../src/ingest/create-ingest-service.ts";
import { IngestOverloadedError } from "../../src/ingest/ingest-errors.ts";
import type { IngestRepository, IngestTransaction } from "../../src/ingest/ingest-repository.ts";
import type { NormalizedDelivery } from "../../src/ingest/normalized-delivery.ts";
import { createPostgresIngestRepository } from "../../src/store/create-postgres-ingest-repository.ts";
import { enqueueInvestigation, startJobQueue } from "../../src/store/job-queue.ts";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.ts";
import { type AlertInput, alertmanagerWebhook } from "../support/alertmanager-payloads.ts";
import { countRows } from "../support/count-rows.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

let database: TestDatabase;
let opened: OpenedDatabase;
let boss: PgBoss;

beforeAll(async () => {
  database = await createTestDatabase();
  opened = openDatabase({ url: database.url, poolSize: 6 });
  boss = await startJobQueue({ url: database.url, poolSize: 2 });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await opened?.close();
  await database?.close();
});

/** The Postgres repository, counting the transactions it runs. */
function countingRepository(pool = opened.pool) {
  const repository = createPostgresIngestRepository({ pool, boss });
  const counted = { transactions: 0 };
  const wrapped: IngestRepository = {
    transaction: (work) => {
      counted.transactions += 1;
      return repository.transaction(work);
    },
    storedAnswer: (delivery) => repository.storedAnswer(delivery),
  };
  return { repository: wrapped, counted };
}

function delivery(options: { alerts: AlertInput[]; groupKey?: string }): NormalizedDelivery {
  const body = JSON.stringify(alertmanagerWebhook(options));
  return mapAlertmanagerWebhook(alertmanagerWebhookSchema.parse(JSON.parse(body)), Buffer.from(body));
}

/** Submits every delivery in the same turn of the event loop, so that they can share a batch. */
function ingestTogether(service: IngestService, deliveries: NormalizedDelivery[]) {
  return Promise.allSettled(deliveries.map((entry) => service.ingest(entry)));
}

/** The Postgres repository, recording which statements each transaction issued. */
function recordingRepository() {
  const real = createPostgresIngestRepository({ pool: opened.pool, boss });
  const transactions: string[][] = [];
  const repository: IngestRepository = {
    transaction: (work) =>
      real.transaction((tx) => {
        const issued: string[] = [];
        transactions.push(issued);
        const recorded = Object.fromEntries(
          Object.entries(tx).map(([name, method]) => [
            name,
            (...args: unknown[]) => {
              issued.push(name);
              return (method as (...input: unknown[]) => unknown).apply(tx, args);
            },
          ]),
        ) as unknown as IngestTransaction;
        return work(recorded);
      }),
    storedAnswer: (entry) => real.storedAnswer(entry),
  };
  return { repository, transactions };
}

describe("deliveries guessed new go in one round trip", () => {
  it("stores the first delivery of a group without a lookup: its writes go behind the check that it is new", async () => {
    const { repository, transactions } = recordingRepository();
    const service = createIngestService({ repository });
    const tag = randomUUID();
    const answer = await service.ingest(
      delivery({ alerts: [{ labels: { alertname: "FirstOfGroup", run: tag } }] }),
    );
    expect(answer.outcome).toBe("opened");
    expect(transactions).toHaveLength(1);
    expect(transactions[0]).toContain("assertNew");
    expect(transactions[0]).not.toContain("lookUp");
  });

  it("falls back to the lookup when another process saw the group: joins, answers redeliveries as before, stores nothing twice", async () => {
    const tag = randomUUID();
    const groupKey = `{}:{guess-${tag}}`;
    const first = delivery({
      groupKey,
      alerts: [{ labels: { alertname: "Guess", run: tag }, fingerprint: `a-${tag}` }],
    });
    const opening = await createIngestService({ repository: recordingRepository().repository }).ingest(first);
    const before = await countRows(opened.db);

    // A process that never saw the group (another replica, or this one after a restart).
    const other = recordingRepository();
    const update = await createIngestService({ repository: other.repository }).ingest(
      delivery({
        groupKey,
        alerts: [{ labels: { alertname: "Guess2", run: tag }, fingerprint: `b-${tag}` }],
      }),
    );
    expect(update).toEqual({
      incidentId: opening.incidentId,
      alerts: 1,
      duplicate: false,
      outcome: "updated",
    });
    expect(other.transactions.map((issued) => issued.includes("lookUp"))).toEqual([false, true]);

    const again = await createIngestService({ repository: recordingRepository().repository }).ingest(first);
    expect(again).toEqual({ ...opening, duplicate: true, outcome: "duplicate" });

    // Another group whose alert is already in the open incident joins it through the fingerprint.
    const sameAlert = await createIngestService({ repository: recordingRepository().repository }).ingest(
      delivery({
        groupKey: `{}:{other-${tag}}`,
        alerts: [{ labels: { alertname: "Guess", run: tag, extra: "x" }, fingerprint: `a-${tag}` }],
      }),
    );
    expect(sameAlert).toMatchObject({ incidentId: opening.incidentId, outcome: "updated" });

    const after = await countRows(opened.db);
    expect(after.incidents).toBe(before.incidents);
    expect(after.deliveries).toBe(before.deliveries + 2);
  });
});

describe("shedding load when too many deliveries wait", () => {
  it("refuses a delivery past maxQueued before storing anything of it, and stores the ones it took", async () => {
    const { repository: real } = countingRepository();
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // The first transaction waits at the gate, so that the next deliveries queue behind it.
    const repository: IngestRepository = {
      transaction: async (work) => {
        await gate;
        return await real.transaction(work);
      },
      storedAnswer: (entry) => real.storedAnswer(entry),
    };
    const service = createIngestService({
      repository,
      batching: { maxBatch: 64, maxInFlight: 1, maxQueued: 2 },
    });
    const tag = randomUUID();
    const make = (name: string) => delivery({ alerts: [{ labels: { alertname: name, run: tag } }] });
    const before = await countRows(opened.db);
    const taken = [service.ingest(make("Taken0"))];
    await new Promise((resolve) => setTimeout(resolve, 10));
    taken.push(service.ingest(make("Taken1")), service.ingest(make("Taken2")));
    await expect(service.ingest(make("Shed"))).rejects.toBeInstanceOf(IngestOverloadedError);
    open();
    const answers = await Promise.all(taken);
    expect(answers.map((answer) => answer.outcome)).toEqual(["opened", "opened", "opened"]);
    const after = await countRows(opened.db);
    expect(after.incidents - before.incidents).toBe(3);
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from alerts where labels->>'alertname' = 'Shed' and labels->>'run' = ${tag}
    `.execute(opened.db);
    expect(rows[0]?.count).toBe(0);
  });
});

describe("the ingest load signal on real deliveries", () => {
  it("is idle after deliveries one at a time and busy after a burst that had to wait for a transaction", async () => {
    const { repository } = countingRepository();
    const service = createIngestService({ repository, batching: { maxBatch: 64, maxInFlight: 2 } });
    const tag = randomUUID();
    for (let index = 0; index < 3; index += 1) {
      await service.ingest(delivery({ alerts: [{ labels: { alertname: `OneByOne${index}`, run: tag } }] }));
    }
    expect(service.load.isBusy()).toBe(false);
    await ingestTogether(
      service,
      Array.from({ length: 10 }, (_, index) =>
        delivery({ alerts: [{ labels: { alertname: `Burst${index}`, run: tag } }] }),
      ),
    );
    expect(service.load.isBusy()).toBe(true);
  });
});

describe("group commit of webhook deliveries", () => {
  it("commits deliveries that arrive together in one transaction, each stored whole with its own answer", async () => {
    const { repository, counted } = countingRepository();
    const service = createIngestService({ repository, batching: { maxBatch: 64, maxInFlight: 1 } });
    const before = await countRows(opened.db);
    const tag = randomUUID();
    const results = await ingestTogether(
      service,
      Array.from({ length: 30 }, (_, index) =>
        delivery({ alerts: [{ labels: { alertname: `Together${index}`, run: tag } }] }),
      ),
    );

    expect(counted.transactions).toBe(1);
    const answers = results.map((result) => (result.status === "fulfilled" ? result.value : result.reason));
    expect(answers.every((answer) => answer.outcome === "opened" && answer.alerts === 1)).toBe(true);
    expect(new Set(answers.map((answer) => answer.incidentId)).size).toBe(30);
    expect(await countRows(opened.db)).toEqual({
      incidents: before.incidents + 30,
      alerts: before.alerts + 30,
      incidentAlerts: before.incidentAlerts + 30,
      deliveries: before.deliveries + 30,
      auditEvents: before.auditEvents + 60,
      investigationJobs: before.investigationJobs + 30,
    });
    const { rows } = await sql<{ problems: number }>`
      select count(*)::int as problems from incidents i
      where i.group_key like ${`%Together%`} and i.id not in (
        select d.incident_id from webhook_deliveries d join incident_alerts ia using (incident_id)
        join pgboss.job j on j.data->>'incidentId' = d.incident_id::text)
    `.execute(opened.db);
    expect(rows[0]?.problems).toBe(0);
  });

  it("queues investigations with the same settings as pg-boss's send", async () => {
    const { repository } = countingRepository();
    const service = createIngestService({ repository, batching: { maxBatch: 64, maxInFlight: 1 } });
    const [batched] = await ingestTogether(service, [
      delivery({ alerts: [{ labels: { alertname: "QueuedInBatch" } }] }),
      delivery({ alerts: [{ labels: { alertname: "QueuedInBatchToo" } }] }),
    ]);
    const incidentId = batched?.status === "fulfilled" ? batched.value.incidentId : null;
    const sent = await enqueueInvestigation(boss, randomUUID(), {
      executeSql: async (text, values) => ({ rows: (await opened.pool.query(text, values)).rows }),
    });
    const { rows } = await sql<Record<string, unknown>>`
      select id, priority, retry_limit, retry_delay, retry_backoff, expire_in, policy, dead_letter,
        singleton_key, state, keep_until - start_after as kept_for
      from pgboss.job where name = 'investigate-incident'
        and (data->>'incidentId' = ${incidentId} or id = ${sent}::uuid)
    `.execute(opened.db);
    expect(rows).toHaveLength(2);
    const [first, second] = rows.map(({ id: _, ...settings }) => settings);
    expect(first).toEqual(second);
    expect(first).toMatchObject({ retry_limit: 3, retry_delay: 5, retry_backoff: true, state: "created" });
  });

  it("gives two deliveries of one batch that turn out to share an incident the answers they get one after the other", async () => {
    const { repository, counted } = countingRepository();
    const service = createIngestService({ repository, batching: { maxBatch: 64, maxInFlight: 1 } });
    // One incident holding two alerts (fa, fb) of one group.
    const opening = await service.ingest(
      delivery({
        groupKey: "{}:{shared-incident}",
        alerts: [
          { labels: { alertname: "SharedA" }, fingerprint: "shared-fa" },
          { labels: { alertname: "SharedB" }, fingerprint: "shared-fb" },
        ],
      }),
    );
    const transactionsBefore = counted.transactions;
    // Each resolution comes in a group of its own, and finds the incident through its fingerprint.
    const [first, second] = await ingestTogether(service, [
      delivery({
        groupKey: "{}:{resolves-a}",
        alerts: [{ labels: { alertname: "SharedA" }, fingerprint: "shared-fa", status: "resolved" }],
      }),
      delivery({
        groupKey: "{}:{resolves-b}",
        alerts: [{ labels: { alertname: "SharedB" }, fingerprint: "shared-fb", status: "resolved" }],
      }),
    ]);

    // The first leaves fb firing; the second, run after it, resolves the incident.
    expect(first).toEqual({
      status: "fulfilled",
      value: { incidentId: opening.incidentId, alerts: 1, duplicate: false, outcome: "updated" },
    });
    expect(second).toEqual({
      status: "fulfilled",
      value: { incidentId: opening.incidentId, alerts: 1, duplicate: false, outcome: "resolved" },
    });
    expect(counted.transactions - transactionsBefore).toBe(2);
    const incident = await opened.db
      .selectFrom("incidents")
      .select("status")
      .where("id", "=", opening.incidentId ?? "")
      .executeTakeFirstOrThrow();
    expect(incident.status).toBe("resolved");
  });

  it("fails only the delivery Postgres refuses and stores the others of its batch", async () => {
    const failures: number[] = [];
    const { repository } = countingRepository();
    const service = createIngestService({
      repository,
      batching: { maxBatch: 64, maxInFlight: 1 },
      onBatchFailed: (_, size) => failures.push(size),
    });
    const before = await countRows(opened.db);
    const [good, bad, alsoGood] = await ingestTogether(service, [
      delivery({ alerts: [{ labels: { alertname: "GoodNeighbour" } }] }),
      // jsonb cannot hold a NUL character: Postgres refuses this one, and only this one.
      delivery({
        alerts: [{ labels: { alertname: "Poisoned" }, annotations: { summary: "nul \u0000 here" } }],
      }),
      delivery({ alerts: [{ labels: { alertname: "OtherGoodNeighbour" } }] }),
    ]);

    expect(failures).toEqual([3]);
    expect(good).toMatchObject({ status: "fulfilled", value: { outcome: "opened" } });
    expect(alsoGood).toMatchObject({ status: "fulfilled", value: { outcome: "opened" } });
    expect(bad?.status).toBe("rejected");
    const after = await countRows(opened.db);
    expect(after.incidents).toBe(before.incidents + 2);
    expect(after.deliveries).toBe(before.deliveries + 2);
    expect(after.investigationJobs).toBe(before.investigationJobs + 2);
  });

  it("opens one incident per group when two replicas batch deliveries of the same new groups at once", async () => {
    const replicas = [
      openDatabase({ url: database.url, poolSize: 3 }),
      openDatabase({ url: database.url, poolSize: 3 }),
    ];
    try {
      const services = replicas.map(({ pool }) =>
        createIngestService({
          repository: countingRepository(pool).repository,
          batching: { maxBatch: 64, maxInFlight: 2 },
        }),
      );
      const tag = randomUUID().slice(0, 8);
      const rounds = await Promise.all(
        services.map((service, replica) =>
          ingestTogether(
            service,
            Array.from({ length: 10 }, (_, group) =>
              delivery({
                groupKey: `{}:{race="${tag}", group="${group}"}`,
                alerts: [{ labels: { alertname: "Race", group: String(group), replica: String(replica) } }],
              }),
            ),
          ),
        ),
      );

      const answers = rounds
        .flat()
        .map((result) => (result.status === "fulfilled" ? result.value : result.reason));
      expect(answers.every((answer) => answer.outcome === "opened" || answer.outcome === "updated")).toBe(
        true,
      );
      const { rows } = await sql<{ incidents: number; alerts: number; jobs: number }>`
        select count(distinct i.id)::int as incidents, count(ia.alert_id)::int as alerts,
          (select count(*)::int from pgboss.job j join incidents k on k.id::text = j.data->>'incidentId'
            where k.group_key like ${`{}:{race="${tag}"%`}) as jobs
        from incidents i join incident_alerts ia on ia.incident_id = i.id
        where i.group_key like ${`{}:{race="${tag}"%`}
      `.execute(opened.db);
      expect(rows[0]).toEqual({ incidents: 10, alerts: 20, jobs: 10 });
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });
});

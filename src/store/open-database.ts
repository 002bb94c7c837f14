import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./database.ts";

export interface OpenDatabaseOptions {
  url: string;
  /** Connections in the pool. A webhook holds one for a single short transaction. */
  poolSize?: number;
  /** Called when an idle connection dies (e.g. Postgres restarted); the pool replaces it. */
  onIdleError?: (error: Error) => void;
  /**
   * How long to wait for a connection. Short for the server (a sender waits for our answer; when
   * Postgres is unreachable we want to say 503 quickly); batch work like the eval can wait longer.
   */
  connectTimeoutMs?: number;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function openDatabase({
  url,
  poolSize = 10,
  onIdleError = () => {},
  connectTimeoutMs = 3_000,
}: OpenDatabaseOptions): OpenedDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    // Server-side guards so that a stuck statement or an abandoned transaction cannot hold locks for long.
    statement_timeout: 10_000,
    idle_in_transaction_session_timeout: 30_000,
    application_name: "vigil",
    // Lets a transaction send independent statements without waiting for each answer
    // (see runPipelinedTransaction); code that awaits each statement behaves as without it.
    pipeline: true,
  });
  // Without listeners, a connection's error (Postgres stopped) would crash the process: the pool
  // handles idle connections; a connection in use reports the error to its query, and this
  // listener keeps the event itself harmless.
  pool.on("error", onIdleError);
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      // Destroying Kysely ends the pool it was given.
      await db.destroy();
    },
  };
}

import { createHash } from "node:crypto";
import type pg from "pg";
import { isDatabaseUnavailable } from "./store-errors.ts";

export interface CompiledStatement {
  sql: string;
  parameters: readonly unknown[];
}

/**
 * One transaction on one connection in pg's pipeline mode. Statements go on the wire in the order
 * they are issued, without waiting for the previous answer, so independent statements cost one
 * round trip together. Inside the transaction an error aborts everything after it, and a COMMIT
 * behind a failed statement becomes a ROLLBACK. A statement that fails before it is even sent
 * (building it threw) turns the COMMIT into a ROLLBACK as well: pipelining never commits half a
 * delivery.
 */
export interface PipelinedTransaction {
  /** Builds and issues a statement (in call order) and resolves with its rows. */
  query<Row>(build: () => CompiledStatement): Promise<Row[]>;
  /**
   * Issues a statement through code that runs its own SQL (pg-boss `send`'s `db.executeSql`),
   * keeping call order even if that code calls `executeSql` a few microtasks later.
   */
  queryThrough<T>(
    run: (executeSql: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>) => Promise<T>,
  ): Promise<T>;
  /** Issues COMMIT; rejects if Postgres rolled back instead (an earlier statement failed). */
  commit(): Promise<void>;
}

/** Runs `work` in a pipelined transaction: BEGIN is pipelined with work's first statements. */
export async function runPipelinedTransaction<T>(
  pool: pg.Pool,
  work: (transaction: PipelinedTransaction) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  // Issuing is serialized (not execution): each statement waits until the previous one is on its way.
  let issued: Promise<void> = Promise.resolve();
  const inFlight: Promise<unknown>[] = [];
  // Set when a statement failed before it was sent; Postgres cannot know, so COMMIT must not go out.
  let failedUnsent: unknown;
  let finished = false;

  const batchWrites = createWriteBatcher(client);
  const issue = <R>(send: (markSent: () => void) => Promise<R>): Promise<R> => {
    batchWrites();
    const previous = issued;
    let sent = false;
    let release = () => {};
    issued = new Promise<void>((resolve) => {
      release = resolve;
    });
    const markSent = () => {
      sent = true;
      release();
    };
    const result = previous
      .then(() => send(markSent))
      .catch((error: unknown) => {
        if (!sent) failedUnsent ??= error;
        throw error;
      })
      .finally(release);
    inFlight.push(result.catch(() => {}));
    return result;
  };
  const run = async (markSent: () => void, config: pg.QueryConfig | string) => {
    const pending = client.query(config);
    markSent();
    return await pending;
  };
  const transaction: PipelinedTransaction = {
    query: <Row>(build: () => CompiledStatement) =>
      issue(async (markSent) => {
        const statement = build();
        return (await run(markSent, prepared(statement.sql, [...statement.parameters]))).rows as Row[];
      }),
    queryThrough: (code) =>
      issue((markSent) =>
        code(async (text, values) => ({ rows: (await run(markSent, prepared(text, values))).rows })),
      ),
    commit: () =>
      issue(async (markSent) => {
        finished = true;
        if (failedUnsent !== undefined) {
          await run(markSent, "ROLLBACK");
          throw new Error("transaction rolled back: a statement failed before it was sent", {
            cause: failedUnsent,
          });
        }
        const result = await run(markSent, "COMMIT");
        if (result.command !== "COMMIT") throw new Error("transaction was rolled back at COMMIT");
      }),
  };

  void issue((markSent) => run(markSent, "BEGIN"));
  try {
    const result = await work(transaction);
    if (!finished) await transaction.commit();
    await Promise.all(inFlight);
    client.release();
    return result;
  } catch (error) {
    // Let every pipelined statement answer before touching the connection again.
    await Promise.all(inFlight);
    let broken: Error | undefined;
    if (!finished) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
    }
    // A connection that failed mid-transaction is discarded rather than returned to the pool.
    client.release(broken ?? (isDatabaseUnavailable(error) ? (error as Error) : undefined));
    throw error;
  }
}

interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * pg writes every protocol message (parse, bind, describe, execute, sync) separately, one system
 * call each. Corking the socket while a batch of statements is issued sends the batch in one
 * write; it is released on the next turn of the event loop. Reaches into pg's connection, so it
 * degrades to a no-op if that shape ever changes.
 */
function createWriteBatcher(client: pg.PoolClient): () => void {
  const stream = (client as unknown as { connection?: { stream?: Partial<Corkable> } }).connection?.stream;
  if (typeof stream?.cork !== "function" || typeof stream.uncork !== "function") return () => {};
  const socket = stream as Corkable;
  let corked = false;
  return () => {
    if (corked) return;
    corked = true;
    socket.cork();
    setImmediate(() => {
      corked = false;
      socket.uncork();
    });
  };
}

// Longer statements (a delivery with very many alerts) are planned each time rather than cached.
const MAX_PREPARED_LENGTH = 8000;
const statementNames = new Map<string, string>();

/**
 * Runs a statement as a named prepared statement, so that each connection parses and plans it
 * once: planning (pg-boss's job insert above all) cost more than executing. The name is a hash of
 * the text, so equal texts share one prepared statement and different texts never collide.
 */
function prepared(text: string, values: unknown[]): pg.QueryConfig {
  if (text.length > MAX_PREPARED_LENGTH) return { text, values };
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `vigil_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    if (statementNames.size > 2000) statementNames.clear();
    statementNames.set(text, name);
  }
  return { name, text, values };
}

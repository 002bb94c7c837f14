import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type pg from "pg";

/**
 * The LangGraph checkpointer on Vigil's own Postgres, so that any replica can resume any incident's
 * graph. `setup()` creates its tables once (idempotent); it runs at start-up beside the migrations.
 */
export async function createCheckpointer(pool: pg.Pool, { setup = true } = {}): Promise<PostgresSaver> {
  const saver = new PostgresSaver(pool);
  if (setup) await saver.setup();
  return saver;
}

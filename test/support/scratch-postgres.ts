import { mkdtempSync } from "node:fs";
import { chmod, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type EmbeddedPostgresHandle,
  startEmbeddedPostgres,
} from "../../src/store/start-embedded-postgres.ts";

export interface ScratchPostgres {
  /** The running server; replaced by `restart()`. */
  current(): EmbeddedPostgresHandle;
  /** Starts the server again on the same data directory and port. */
  restart(): Promise<EmbeddedPostgresHandle>;
  /** Stops the server (if running) and deletes its data. */
  destroy(): Promise<void>;
}

/**
 * An embedded Postgres of a test's own, for tests that stop and restart the server: the shared
 * one from global setup must stay up for everyone else.
 */
export async function startScratchPostgres(): Promise<ScratchPostgres> {
  const root = mkdtempSync(join(tmpdir(), "vigil-scratch-"));
  // As root, Postgres runs as user 'postgres', which must be able to enter the directory.
  await chmod(root, 0o755);
  const dataDir = join(root, "pg");
  let handle = await startEmbeddedPostgres({ dataDir });
  return {
    current: () => handle,
    async restart() {
      handle = await startEmbeddedPostgres({ dataDir, port: handle.port });
      return handle;
    },
    async destroy() {
      await handle.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

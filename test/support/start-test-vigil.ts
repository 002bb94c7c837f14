import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/index.ts";
import { type RunningVigil, startVigil } from "../../src/main.ts";
import { createTestDatabase, type TestDatabase } from "./postgres.ts";

export interface TestVigil extends RunningVigil {
  database: TestDatabase;
}

/**
 * Vigil as `vigil serve` would run it (real config parsing, HTTP on a free loopback port, pg-boss,
 * worker), on a fresh database of its own. `stop()` stops it and drops the database.
 */
export async function startTestVigil({
  env = {},
  investigate,
  startWorker = true,
}: {
  env?: Record<string, string>;
  investigate?: (incidentId: string) => Promise<void>;
  startWorker?: boolean;
} = {}): Promise<TestVigil> {
  const database = await createTestDatabase();
  // An empty directory as cwd, so that no stray ./vigil.yaml is picked up.
  const cwd = mkdtempSync(join(tmpdir(), "vigil-cwd-"));
  const config = loadConfig({
    env: { PORT: "0", HOST: "127.0.0.1", VIGIL_LOG_LEVEL: "silent", DATABASE_URL: database.url, ...env },
    cwd,
  });
  const vigil = await startVigil({
    config,
    pollingIntervalSeconds: 0.5,
    startWorker,
    ...(investigate ? { investigate } : {}),
  });
  return {
    ...vigil,
    database,
    async stop() {
      await vigil.stop();
      await database.close();
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

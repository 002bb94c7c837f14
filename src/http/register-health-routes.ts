import type { Hono } from "hono";
import type { AppEnv } from "./app-env.ts";

/** `GET /healthz`: the process answers. `GET /readyz`: and its database does too. */
export function registerHealthRoutes(
  app: Hono<AppEnv>,
  { isDatabaseReady }: { isDatabaseReady: () => Promise<boolean> },
): void {
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const ready = await isDatabaseReady().catch(() => false);
    return ready
      ? c.json({ status: "ready" })
      : c.json({ error: { code: "database_unavailable", message: "the database is unreachable" } }, 503);
  });
}

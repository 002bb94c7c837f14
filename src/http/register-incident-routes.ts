import type { Hono } from "hono";
import { z } from "zod";
import type { IncidentQueries } from "../store/create-incident-queries.ts";
import type { AppEnv } from "./app-env.ts";
import { validate } from "./read-body.ts";

const listQuery = z.object({
  status: z.enum(["open", "resolved"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const incidentId = z.uuid();

/** `GET /api/incidents` (newest first) and `GET /api/incidents/:id` (with alerts, audit trail and RCA). */
export function registerIncidentRoutes(
  app: Hono<AppEnv>,
  { incidents }: { incidents: IncidentQueries },
): void {
  app.get("/api/incidents", async (c) => {
    const query = validate(listQuery, c.req.query());
    return c.json({ incidents: await incidents.list(query) });
  });

  app.get("/api/incidents/:id", async (c) => {
    const id = c.req.param("id");
    // Not a uuid cannot be an incident; answering 404 here keeps Postgres from raising a cast error.
    const incident = incidentId.safeParse(id).success ? await incidents.get(id) : null;
    if (incident === null) return c.json({ error: { code: "not_found", message: `no incident ${id}` } }, 404);
    return c.json(incident);
  });
}

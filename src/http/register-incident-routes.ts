import type { Hono } from "hono";
import { z } from "zod";
import { renderRcaMarkdown } from "../agent/render-rca-markdown.ts";
import type { IncidentQueries } from "../store/create-incident-queries.ts";
import type { AppEnv } from "./app-env.ts";
import { validate } from "./read-body.ts";

const listQuery = z.object({
  status: z.enum(["open", "resolved"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const incidentId = z.uuid();

/**
 * `GET /api/incidents` (newest first), `GET /api/incidents/:id` (with alerts, audit trail and RCA)
 * and `GET /api/incidents/:id/rca.md` (the RCA as Markdown).
 */
export function registerIncidentRoutes(
  app: Hono<AppEnv>,
  { incidents }: { incidents: IncidentQueries },
): void {
  app.get("/api/incidents", async (c) => {
    const query = validate(listQuery, c.req.query());
    return c.json({ incidents: await incidents.list(query) });
  });

  // Not a uuid cannot be an incident; answering 404 for it keeps Postgres from raising a cast error.
  const find = async (id: string) => (incidentId.safeParse(id).success ? await incidents.get(id) : null);
  const notFound = (message: string) => ({ error: { code: "not_found", message } });

  app.get("/api/incidents/:id", async (c) => {
    const id = c.req.param("id");
    const incident = await find(id);
    if (incident === null) return c.json(notFound(`no incident ${id}`), 404);
    return c.json(incident);
  });

  app.get("/api/incidents/:id/rca.md", async (c) => {
    const id = c.req.param("id");
    const incident = await find(id);
    if (incident === null) return c.json(notFound(`no incident ${id}`), 404);
    if (incident.rca === null) {
      return c.json(notFound(`incident ${id} has no RCA yet`), 404);
    }
    c.header("content-type", "text/markdown; charset=utf-8");
    return c.body(renderRcaMarkdown(incident.rca, { title: incident.title }));
  });
}

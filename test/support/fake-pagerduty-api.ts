import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedPagerdutyCall {
  method: string;
  path: string;
  /** Lower-cased header names, as received. */
  headers: Record<string, string>;
  body: unknown;
}

export interface FakePagerdutyNote {
  id: string;
  content: string;
  userEmail: string | null;
}

export interface InjectedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakePagerdutyApi {
  /** Base URL, e.g. `http://127.0.0.1:41234`: what `pagerduty.apiUrl` points at. */
  url: string;
  /** Every request, in arrival order, answered or not. */
  calls: RecordedPagerdutyCall[];
  addIncident(id: string, status?: "triggered" | "acknowledged" | "resolved"): void;
  incidentStatus(id: string): string | undefined;
  notes(id: string): FakePagerdutyNote[];
  /** The next requests (any path) get these answers instead, in order; then normal service resumes. */
  failNext(...answers: InjectedAnswer[]): void;
  close(): Promise<void>;
}

interface FakeIncident {
  id: string;
  number: number;
  status: "triggered" | "acknowledged" | "resolved";
  createdAt: string;
  updatedAt: string;
  notes: FakePagerdutyNote[];
}

// Error bodies as the PagerDuty REST API v2 sends them: {"error": {"message", "code", "errors"?}}.
const errors = {
  unauthorized: { error: { message: "Unauthorized", code: 2006 } },
  notFound: { error: { message: "Not Found", code: 2100 } },
  rateLimited: { error: { message: "Rate Limit Exceeded", code: 2020 } },
  internal: { error: { message: "Internal Server Error", code: 2000 } },
  invalid: (detail: string) => ({
    error: { message: "Invalid Input Provided", code: 2001, errors: [detail] },
  }),
};

/**
 * A loopback PagerDuty REST API v2 for the calls write-back makes (GET and PUT /incidents/{id},
 * POST /incidents/{id}/notes): `Authorization: Token token=…` checked (401), unknown incidents 404,
 * writes need a `From` header naming a known user (400), real response shapes.
 */
export async function startFakePagerdutyApi({
  token,
  users = ["oncall@example.com"],
}: {
  token: string;
  /** Login emails of the account's users: valid `From` headers. */
  users?: string[];
}): Promise<FakePagerdutyApi> {
  const incidents = new Map<string, FakeIncident>();
  const calls: RecordedPagerdutyCall[] = [];
  const injected: InjectedAnswer[] = [];
  let numbers = 4800;

  const server = createServer((request, response) => {
    void readJson(request).then((body) => {
      const path = new URL(request.url ?? "/", "http://fake").pathname;
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
      );
      calls.push({ method: request.method ?? "GET", path, headers, body });
      const answer = injected.shift() ?? route(request.method ?? "GET", path, headers, body);
      send(response, answer);
    });
  });

  function route(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: unknown,
  ): InjectedAnswer {
    if (headers.authorization !== `Token token=${token}`) return { status: 401, body: errors.unauthorized };
    const match = /^\/incidents\/([^/]+)(\/notes)?$/.exec(path);
    const incident = match === null ? undefined : incidents.get(decodeURIComponent(match[1]!));
    if (match === null || incident === undefined) return { status: 404, body: errors.notFound };
    const isNotes = match[2] !== undefined;

    if (method === "GET" && !isNotes) return { status: 200, body: { incident: incidentBody(incident) } };
    if (method !== "PUT" && !(method === "POST" && isNotes)) return { status: 404, body: errors.notFound };
    const from = headers.from;
    if (from === undefined || !users.includes(from)) {
      return { status: 400, body: errors.invalid("Requester User Not Found") };
    }
    if (method === "POST") {
      const content = field(field(body, "note"), "content");
      if (typeof content !== "string" || content === "") {
        return { status: 400, body: errors.invalid("Note content can't be blank") };
      }
      const note = { id: pagerdutyId(), content, userEmail: from };
      incident.notes.push(note);
      return { status: 201, body: { note: noteBody(note) } };
    }
    const update = field(body, "incident");
    const status = field(update, "status");
    if (
      field(update, "type") !== "incident_reference" ||
      (status !== "acknowledged" && status !== "resolved")
    ) {
      return {
        status: 400,
        body: errors.invalid("Incident must be an incident_reference with a valid status"),
      };
    }
    if (incident.status === "resolved")
      return { status: 400, body: errors.invalid("Incident Already Resolved") };
    incident.status = status;
    incident.updatedAt = new Date().toISOString();
    return { status: 200, body: { incident: incidentBody(incident) } };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    addIncident(id, status = "triggered") {
      const now = new Date().toISOString();
      incidents.set(id, { id, number: ++numbers, status, createdAt: now, updatedAt: now, notes: [] });
    },
    incidentStatus: (id) => incidents.get(id)?.status,
    notes: (id) => [...(incidents.get(id)?.notes ?? [])],
    failNext(...answers) {
      injected.push(
        ...answers.map((answer) => ({
          ...answer,
          body: answer.body ?? (answer.status === 429 ? errors.rateLimited : errors.internal),
        })),
      );
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function incidentBody(incident: FakeIncident) {
  const self = `https://api.pagerduty.com/incidents/${incident.id}`;
  const service = {
    id: "PF9KMXH",
    type: "service_reference",
    summary: "checkout",
    self: "https://api.pagerduty.com/services/PF9KMXH",
    html_url: "https://acme.pagerduty.com/service-directory/PF9KMXH",
  };
  return {
    id: incident.id,
    type: "incident",
    summary: `[#${incident.number}] HighErrorRate checkout`,
    self,
    html_url: `https://acme.pagerduty.com/incidents/${incident.id}`,
    incident_number: incident.number,
    title: "HighErrorRate checkout",
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    last_status_change_at: incident.updatedAt,
    status: incident.status,
    incident_key: null,
    service,
    assignments: [],
    acknowledgements: [],
    urgency: "high",
    escalation_policy: {
      id: "PUS0KTE",
      type: "escalation_policy_reference",
      summary: "Default",
      self: "https://api.pagerduty.com/escalation_policies/PUS0KTE",
      html_url: "https://acme.pagerduty.com/escalation_policies/PUS0KTE",
    },
    teams: [],
    priority: null,
    alert_counts: { all: 1, triggered: incident.status === "resolved" ? 0 : 1, resolved: 0 },
  };
}

function noteBody(note: FakePagerdutyNote) {
  return {
    id: note.id,
    user: {
      id: "PTUXL6G",
      type: "user_reference",
      summary: "On-call Engineer",
      self: "https://api.pagerduty.com/users/PTUXL6G",
      html_url: "https://acme.pagerduty.com/users/PTUXL6G",
    },
    channel: { summary: "The PagerDuty website or APIs" },
    content: note.content,
    created_at: new Date().toISOString(),
  };
}

function send(response: ServerResponse, { status, body, headers = {} }: InjectedAnswer): void {
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  response.end(body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function pagerdutyId(): string {
  return `P${randomBytes(4).toString("hex").toUpperCase().slice(0, 6)}`;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

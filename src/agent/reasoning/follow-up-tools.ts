import type { ToolDefinition } from "@langchain/core/language_models/base";
import { z } from "zod";
import type { Evidence, EvidenceSource } from "../../domain/evidence.ts";
import type { FollowUpQuery } from "../../domain/model-reasoning.ts";
import type { DataSources } from "../../ports/data-sources.ts";
import { evidenceId } from "../evidence-id.ts";
import type { ToolCallRequest } from "./chat-turn.ts";
import { CAPS, capSeries, capStreams, compactObject } from "./compact-telemetry.ts";
import { quoteTelemetry } from "./quote-telemetry.ts";
import { redactSecrets } from "./redact-secrets.ts";

/** Secrets are never listed, whatever the model asks for. */
const KUBERNETES_KINDS = [
  "Pod",
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "DaemonSet",
  "CronJob",
  "Job",
  "Node",
  "Event",
  "HorizontalPodAutoscaler",
  "PersistentVolumeClaim",
  "ConfigMap",
] as const;

const SCHEMAS = {
  query_metrics: z.object({ query: z.string().min(1).max(1000).describe("A PromQL expression") }),
  query_logs: z.object({
    query: z
      .string()
      .min(1)
      .max(1000)
      .describe('A LogQL stream selector with optional filters, e.g. {service="x"} |= "error"'),
    limit: z.number().int().min(1).max(CAPS.lines).optional().describe("Most recent lines to return"),
  }),
  list_changes: z.object({ service: z.string().max(200).optional().describe("Only this service's changes") }),
  get_kubernetes_objects: z.object({
    kind: z.enum(KUBERNETES_KINDS),
    namespace: z.string().max(200).optional(),
    name: z.string().max(300).optional().describe("One object by name; omit to list"),
  }),
  show_evidence: z.object({ id: z.string().min(1).max(100).describe("An evidence id from the case file") }),
};

type ToolName = keyof typeof SCHEMAS;

const DESCRIPTIONS: Record<ToolName, string> = {
  query_metrics: "Evaluate a PromQL range query over the investigation window (read-only).",
  query_logs:
    "Read log lines matching a LogQL query over the investigation window, newest first (read-only).",
  list_changes:
    "List deploys, config changes, flag flips and migrations in the investigation window (read-only).",
  get_kubernetes_objects: "Read Kubernetes objects of one kind as of the investigation's clock (read-only).",
  show_evidence: "Show the data of an evidence item the case file lists.",
};

/** Tool definitions in the OpenAI function format, which every LangChain chat model binds. */
export const FOLLOW_UP_TOOLS: ToolDefinition[] = (Object.keys(SCHEMAS) as ToolName[]).map((name) => ({
  type: "function",
  function: {
    name,
    description: DESCRIPTIONS[name],
    parameters: withoutMetaSchema(z.toJSONSchema(SCHEMAS[name])),
  },
}));

export interface ToolOutcome {
  /** What the model reads back: the evidence id and the data as a quoted block, or the error. */
  text: string;
  evidence: Evidence | null;
  followUp: FollowUpQuery;
}

export interface FollowUpToolsContext {
  sources: DataSources;
  /** Unix seconds; `end` is the investigation's clock, so no tool ever reads past it. */
  window: { start: number; end: number };
  known: ReadonlyMap<string, Evidence>;
  timeoutMs: number;
}

/**
 * Read-only tools over the same ports the investigators use, each answer capped (series, points,
 * lines, objects) and turned into evidence with a stable id: the same tool, query and window give
 * the same id, distinct from the investigators' ids for the same query (their slices differ).
 * A source that cannot answer, or a query it refuses, is an answer too: the model reads the error.
 */
export function createFollowUpTools(context: FollowUpToolsContext) {
  const { start, end } = context.window;
  const range = { start: new Date(start * 1000).toISOString(), end: new Date(end * 1000).toISOString() };
  const stepSeconds = Math.max(15, Math.ceil((end - start) / 120 / 15) * 15);

  const read = async (name: ToolName, args: unknown, signal: AbortSignal) => {
    switch (name) {
      case "query_metrics": {
        const { query } = SCHEMAS.query_metrics.parse(args);
        const series = await context.sources.metrics.queryRange(query, { start, end, stepSeconds }, signal);
        const data = capSeries(series);
        const points = data.reduce((sum, one) => sum + one.values.length, 0);
        return {
          source: "metrics" as const,
          query,
          data,
          summary: `${series.length} series, ${points} points shown`,
        };
      }
      case "query_logs": {
        const { query, limit = 30 } = SCHEMAS.query_logs.parse(args);
        const streams = await context.sources.logs.queryRange(
          query,
          { start, end },
          { limit, direction: "backward" },
          signal,
        );
        const data = capStreams(streams, limit);
        const lines = data.reduce((sum, stream) => sum + stream.values.length, 0);
        return { source: "logs" as const, query, data, summary: `${lines} lines in ${data.length} streams` };
      }
      case "list_changes": {
        const { service } = SCHEMAS.list_changes.parse(args);
        const changes = (await context.sources.changes.list({ start, end }, signal)).filter(
          (change) => service === undefined || change.service === service,
        );
        const query = service === undefined ? "changes" : `changes service=${service}`;
        return {
          source: "changes" as const,
          query,
          data: changes.slice(0, CAPS.changes),
          summary: `${changes.length} changes`,
        };
      }
      case "get_kubernetes_objects": {
        const { kind, namespace, name: objectName } = SCHEMAS.get_kubernetes_objects.parse(args);
        const objects =
          objectName === undefined
            ? await context.sources.cluster.list(kind, namespace, signal)
            : [await context.sources.cluster.get(kind, namespace, objectName, signal)].flatMap((o) =>
                o ? [o] : [],
              );
        const query = `get ${kind}${namespace ? ` -n ${namespace}` : ""}${objectName ? ` ${objectName}` : ""}`;
        const data = objects.slice(0, CAPS.objects).map(compactObject);
        return { source: "kubernetes" as const, query, data, summary: `${objects.length} ${kind} objects` };
      }
      case "show_evidence":
        return null;
      default: {
        const unknown: never = name;
        throw new Error(`unknown tool ${String(unknown)}`);
      }
    }
  };

  return async function run(call: ToolCallRequest): Promise<ToolOutcome> {
    const query = describeCall(call);
    if (!isToolName(call.name)) return failure(call, query, `there is no tool named ${call.name}`);
    if (call.name === "show_evidence") return showEvidence(call, query, context.known);
    try {
      const answer = await read(call.name, call.args, AbortSignal.timeout(context.timeoutMs));
      if (answer === null) return failure(call, query, "no answer");
      const evidence = toEvidence(
        answer.source,
        call.name,
        answer.query,
        answer.data,
        answer.summary,
        range,
        start,
        end,
      );
      return {
        text: `Evidence ${evidence.id}: ${evidence.summary}\n${quoteTelemetry(evidence.id, evidence.data, CAPS.objectChars * 3)}`,
        evidence,
        followUp: { tool: call.name, query: answer.query, evidenceId: evidence.id },
      };
    } catch (error) {
      const message =
        error instanceof z.ZodError ? `invalid arguments: ${z.prettifyError(error)}` : errorText(error);
      return failure(call, query, message);
    }
  };
}

function toEvidence(
  source: EvidenceSource,
  tool: string,
  query: string,
  data: unknown,
  summary: string,
  range: { start: string; end: string },
  start: number,
  end: number,
): Evidence {
  return {
    id: evidenceId(source, `${tool}\n${query}`, start, end),
    source,
    query,
    range,
    summary: `model follow-up (${tool}): ${summary}`,
    data,
  };
}

function showEvidence(
  call: ToolCallRequest,
  query: string,
  known: ReadonlyMap<string, Evidence>,
): ToolOutcome {
  const id = typeof call.args.id === "string" ? call.args.id : "";
  const item = known.get(id);
  if (!item) return failure(call, query, `no evidence has the id ${id}`);
  return {
    text: `Evidence ${item.id}: ${item.summary}\n${quoteTelemetry(item.id, { query: item.query, data: item.data })}`,
    evidence: null,
    followUp: { tool: call.name, query, evidenceId: item.id },
  };
}

function failure(call: ToolCallRequest, query: string, message: string): ToolOutcome {
  return {
    text: `The tool could not answer: ${quoteTelemetry("error", message)}`,
    evidence: null,
    followUp: { tool: call.name, query, evidenceId: null, error: message },
  };
}

/** Some OpenAI-compatible servers refuse the `$schema` key in function parameters. */
function withoutMetaSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _meta, ...rest } = schema;
  return rest;
}

function isToolName(name: string): name is ToolName {
  return Object.hasOwn(SCHEMAS, name);
}

function describeCall(call: ToolCallRequest): string {
  return `${call.name} ${JSON.stringify(call.args)}`.slice(0, 1000);
}

function errorText(error: unknown): string {
  // Source errors may quote a URL with its credentials; this text is stored in the RCA.
  return redactSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(
    0,
    500,
  );
}

import { z } from "zod";
import { MITIGATION_ACTIONS, ROOT_CAUSE_KINDS, TARGET_KINDS } from "../../src/domain/index.ts";
import { parseRfc3339 } from "./parse-rfc3339.ts";

/**
 * Zod schemas for `shared/spec/replay-case.md` (replay-case/v1). Every object is loose: the
 * contract may grow new optional keys, and a case written against a later minor revision must
 * still load. Closed sets (root-cause kinds, actions, target kinds) stay closed because an
 * unknown value there could only ever score zero, and the spec forbids silent zeros.
 */

// Prometheus renders sample values with Go's strconv.FormatFloat, plus NaN and ±Inf.
const PROM_VALUE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?(Inf|inf|NaN|nan)$/;
const NANOSECONDS = /^\d{1,19}$/;

export const rfc3339Schema = z.string().refine((text) => !Number.isNaN(parseRfc3339(text)), {
  error: "expected an RFC 3339 time such as 2024-05-01T12:00:00Z",
});

const labelsSchema = z.record(z.string(), z.string());

/**
 * An array of fixed-shape pairs, checked in one loop: recordings hold tens of thousands of
 * samples and per-element schemas cost several microseconds each. Reports the first bad entry.
 */
function pairArray<T>(valid: (value: unknown) => boolean, message: string) {
  return z
    .unknown()
    .superRefine((value, context) => {
      if (!Array.isArray(value)) {
        context.addIssue({ code: "custom", message: value === undefined ? "required" : "expected an array" });
        return;
      }
      const bad = value.findIndex((entry) => !valid(entry));
      if (bad !== -1) context.addIssue({ code: "custom", path: [bad], message });
    })
    .transform((value) => value as T[]);
}

const samplesSchema = pairArray<[number, string]>(
  (value) =>
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === "number" &&
    Number.isFinite(value[0]) &&
    typeof value[1] === "string" &&
    PROM_VALUE.test(value[1]),
  'expected [unix seconds, "value"]',
);

const logEntriesSchema = pairArray<[string, string]>(
  (value) =>
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === "string" &&
    NANOSECONDS.test(value[0]) &&
    typeof value[1] === "string",
  'expected ["unix nanoseconds", "line"]',
);

export const metricSeriesSchema = z.looseObject({ metric: labelsSchema, values: samplesSchema });
export const logStreamSchema = z.looseObject({ stream: labelsSchema, values: logEntriesSchema });

export const changeEventSchema = z.looseObject({
  id: z.string().min(1),
  // New change kinds are an allowed extension of the contract.
  kind: z.string().min(1),
  service: z.string().min(1),
  namespace: z.string().optional(),
  at: rfc3339Schema,
  from: z.string().optional(),
  to: z.string().optional(),
  author: z.string().optional(),
  summary: z.string().optional(),
  origin: z.string().optional(),
});

const kubernetesMetadataSchema = z.looseObject({
  name: z.string().min(1),
  namespace: z.string().optional(),
  labels: labelsSchema.optional(),
  annotations: labelsSchema.optional(),
});

export const kubernetesObjectSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string().min(1),
  metadata: kubernetesMetadataSchema,
});

/** `kubectl get <many> -o json` prints a List; items of a typed list (PodList) may omit `kind`. */
const kubernetesListSchema = z.looseObject({
  kind: z.string().regex(/List$/),
  items: z.array(z.looseObject({ kind: z.string().min(1).optional(), metadata: kubernetesMetadataSchema })),
});

export const kubernetesEntrySchema = z.union([kubernetesListSchema, kubernetesObjectSchema]);

export const topologyEdgeSchema = z.looseObject({ from: z.string().min(1), to: z.string().min(1) });

export const sourcesSchemas = {
  metrics: z.array(metricSeriesSchema),
  logs: z.array(logStreamSchema),
  changes: z.array(changeEventSchema),
  kubernetes: z.array(kubernetesEntrySchema),
  topology: z.array(topologyEdgeSchema),
} as const;

export type SourceKey = keyof typeof sourcesSchemas;
export const SOURCE_KEYS = Object.keys(sourcesSchemas) as SourceKey[];

export const sourcesSchema = z.looseObject({
  metrics: sourcesSchemas.metrics.optional(),
  logs: sourcesSchemas.logs.optional(),
  changes: sourcesSchemas.changes.optional(),
  kubernetes: sourcesSchemas.kubernetes.optional(),
  topology: sourcesSchemas.topology.optional(),
});

const alertSchema = z.discriminatedUnion("source", [
  z.looseObject({
    source: z.literal("alertmanager"),
    payload: z.looseObject({ alerts: z.array(z.looseObject({ labels: labelsSchema })) }),
  }),
  z.looseObject({
    source: z.literal("pagerduty"),
    payload: z.looseObject({ event: z.looseObject({}) }),
  }),
]);

const rootCauseKindSchema = z.enum(ROOT_CAUSE_KINDS);
const mitigationActionSchema = z.enum(MITIGATION_ACTIONS);

export const mitigationTargetSchema = z.looseObject({
  kind: z.enum(TARGET_KINDS),
  namespace: z.string().min(1).optional(),
  name: z.string().min(1),
});

const expectedMitigationSchema = z
  .looseObject({ action: mitigationActionSchema, target: mitigationTargetSchema.optional() })
  .superRefine((mitigation, context) => {
    if (mitigation.action === "none" && mitigation.target !== undefined) {
      context.addIssue({ code: "custom", path: ["target"], message: "action none takes no target" });
    }
    if (mitigation.action !== "none" && mitigation.target === undefined) {
      context.addIssue({
        code: "custom",
        path: ["target"],
        message: `action ${mitigation.action} needs a target`,
      });
    }
  });

export const expectedSchema = z.looseObject({
  rootCause: z.looseObject({
    service: z.string().min(1),
    kind: rootCauseKindSchema,
    change: z.string().min(1).optional(),
  }),
  acceptable: z.array(z.looseObject({ service: z.string().min(1), kind: rootCauseKindSchema })).optional(),
  mitigation: expectedMitigationSchema,
  forbidden: z
    .array(z.looseObject({ action: mitigationActionSchema, target: mitigationTargetSchema }))
    .optional(),
});

/** Top level without `sources`: shared by single-file cases and `case.yaml` in a case folder. */
export const caseHeadSchema = z.looseObject({
  apiVersion: z.literal("replay-case/v1"),
  id: z.string().regex(/^[a-z0-9-]+$/, { error: "expected [a-z0-9-]+" }),
  title: z.string(),
  tags: z.array(z.string()),
  now: rfc3339Schema,
  alert: alertSchema,
  expected: expectedSchema,
  notes: z.string().optional(),
});

export const replayCaseSchema = caseHeadSchema.extend({ sources: sourcesSchema });

export type ReplayCase = z.infer<typeof replayCaseSchema>;
export type ReplaySources = ReplayCase["sources"];
export type ReplayExpected = ReplayCase["expected"];
export type RecordedSeries = z.infer<typeof metricSeriesSchema>;
export type RecordedLogStream = z.infer<typeof logStreamSchema>;
export type RecordedChange = z.infer<typeof changeEventSchema>;
export type RecordedKubernetesEntry = z.infer<typeof kubernetesEntrySchema>;
export type RecordedTopologyEdge = z.infer<typeof topologyEdgeSchema>;

import { basename, extname } from "node:path";
import { parseArgs } from "node:util";
import { parseRfc3339 } from "../../integrations/replay/parse-rfc3339.ts";
import type { ReplayExpected } from "../../integrations/replay/replay-case-schema.ts";
import {
  MITIGATION_ACTIONS,
  type MitigationAction,
  ROOT_CAUSE_KINDS,
  type RootCauseKind,
  TARGET_KINDS,
  type TargetKind,
} from "../domain/root-cause.ts";

export const RECORD_USAGE = `usage: vigil record --alert FILE --from TIME (--now TIME | --to TIME) --out FILE
         --root-cause-service NAME --kind KIND --mitigation ACTION [--target KIND/[NAMESPACE/]NAME]
         [--root-cause-change ID] [--acceptable SERVICE:KIND ...] [--forbidden ACTION:KIND/[NAMESPACE/]NAME ...]
         [--id ID] [--title TEXT] [--tag TAG ...] [--notes TEXT]
         [--resolution SECONDS] [--log-lines N] [--max-listed-series N] [--force]

Investigates the alert (an Alertmanager v4 or PagerDuty v3 webhook body, as Vigil's ingest takes
it) against the configured live sources with the clock at --now, records every read, and writes
what the reads need as a replay case (shared/spec/replay-case.md) that \`vigil eval\` runs.

  --from, --now    RFC 3339 times. Data from --from (or earlier, when the investigation reads
                   earlier) to --now is recorded; --to is another name for --now.
  --out            the case file (.json); its name is the case id unless --id is given.
The ground truth is required, because a replay case must carry it (the recorder cannot know it):
  --root-cause-service  the service or resource at fault, a name that appears in the data
  --kind                one of: ${ROOT_CAUSE_KINDS.join(", ")}
  --mitigation          one of: ${MITIGATION_ACTIONS.join(", ")}
  --target              required unless --mitigation none: Deployment/shop/checkout, Node/<name>,
                        FeatureFlag/<key>
  --resolution     step of the raw metric fetch in seconds (default 1: samples come back exactly)
  --log-lines      most lines fetched per log stream selector (default 5000)
  --max-listed-series  series the source listed but no query read are kept up to this many
                   (default 5000), so that a replayed series lookup lists them too`;

export interface RecordArgs {
  alertFile: string;
  outFile: string;
  id: string;
  from: Date;
  now: Date;
  expected: ReplayExpected;
  title?: string;
  tags?: string[];
  notes?: string;
  resolutionSeconds: number;
  logLineLimit: number;
  maxListedSeries: number;
  force: boolean;
}

export type ParseRecordArgsResult = { ok: true; args: RecordArgs } | { ok: false; message: string };

class UsageError extends Error {}

/** A type alias, not the domain interface: the case schema's loose objects need an index signature. */
type Target = { kind: TargetKind; namespace?: string; name: string };

/** Reads `vigil record` flags; every refusal names the flag at fault. */
export function parseRecordArgs(argv: readonly string[]): ParseRecordArgsResult {
  try {
    return { ok: true, args: readArgs(argv) };
  } catch (error) {
    if (error instanceof UsageError) return { ok: false, message: error.message };
    // node:util parseArgs names the flag in its own words (unknown option, missing value).
    if (error instanceof TypeError) return { ok: false, message: error.message };
    throw error;
  }
}

function readArgs(argv: readonly string[]): RecordArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      alert: { type: "string" },
      from: { type: "string" },
      now: { type: "string" },
      to: { type: "string" },
      out: { type: "string" },
      id: { type: "string" },
      title: { type: "string" },
      tag: { type: "string", multiple: true },
      notes: { type: "string" },
      "root-cause-service": { type: "string" },
      "root-cause-change": { type: "string" },
      kind: { type: "string" },
      mitigation: { type: "string" },
      target: { type: "string" },
      acceptable: { type: "string", multiple: true },
      forbidden: { type: "string", multiple: true },
      resolution: { type: "string" },
      "log-lines": { type: "string" },
      "max-listed-series": { type: "string" },
      force: { type: "boolean" },
    },
  });
  const alertFile = required(values.alert, "--alert", "the webhook body file");
  const outFile = required(values.out, "--out", "the case file to write");
  const from = time(required(values.from, "--from", "the start of the window"), "--from");
  if (values.now !== undefined && values.to !== undefined && values.now !== values.to)
    throw new UsageError("--now and --to name the same time (the replay clock); give one of them");
  const nowText = values.now ?? values.to;
  const now = time(
    required(nowText, "--now", "the time of the investigation (or --to)"),
    values.now ? "--now" : "--to",
  );
  if (from.getTime() >= now.getTime()) throw new UsageError("--from must be before --now");

  const id = values.id ?? basename(outFile, extname(outFile));
  if (!/^[a-z0-9-]+$/.test(id)) {
    const flag = values.id === undefined ? "--out (its file name is the id; or give --id)" : "--id";
    throw new UsageError(`${flag}: the case id must match [a-z0-9-]+, got ${JSON.stringify(id)}`);
  }
  return {
    alertFile,
    outFile,
    id,
    from,
    now,
    expected: readExpected(values),
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(values.tag !== undefined ? { tags: values.tag } : {}),
    ...(values.notes !== undefined ? { notes: values.notes } : {}),
    resolutionSeconds: positive(values.resolution ?? "1", "--resolution", false),
    logLineLimit: positive(values["log-lines"] ?? "5000", "--log-lines", true),
    maxListedSeries: nonNegative(values["max-listed-series"] ?? "5000", "--max-listed-series"),
    force: values.force ?? false,
  };
}

function readExpected(values: Record<string, string | string[] | boolean | undefined>): ReplayExpected {
  const service = required(
    values["root-cause-service"] as string | undefined,
    "--root-cause-service",
    "the service at fault (a replay case must carry its ground truth)",
  );
  const kind = rootCauseKind(
    required(values.kind as string | undefined, "--kind", "the root-cause kind"),
    "--kind",
  );
  const action = mitigationAction(
    required(values.mitigation as string | undefined, "--mitigation", "the expected action, or none"),
    "--mitigation",
  );
  const targetText = values.target as string | undefined;
  if (action === "none" && targetText !== undefined)
    throw new UsageError("--target: --mitigation none takes no target");
  if (action !== "none" && targetText === undefined)
    throw new UsageError(`--target is required with --mitigation ${action} (e.g. Deployment/shop/checkout)`);
  const change = values["root-cause-change"] as string | undefined;
  const acceptable = ((values.acceptable as string[] | undefined) ?? []).map((text) => {
    const [service, kind, ...rest] = text.split(":");
    if (!service || !kind || rest.length > 0)
      throw new UsageError(`--acceptable: expected SERVICE:KIND, got ${JSON.stringify(text)}`);
    return { service, kind: rootCauseKind(kind, "--acceptable") };
  });
  const forbidden = ((values.forbidden as string[] | undefined) ?? []).map((text) => {
    const split = text.indexOf(":");
    if (split < 1)
      throw new UsageError(`--forbidden: expected ACTION:KIND/[NAMESPACE/]NAME, got ${JSON.stringify(text)}`);
    const forbiddenAction = mitigationAction(text.slice(0, split), "--forbidden");
    if (forbiddenAction === "none")
      throw new UsageError("--forbidden: none is not an action that can do harm");
    return { action: forbiddenAction, target: target(text.slice(split + 1), "--forbidden") };
  });
  const mitigation: ReplayExpected["mitigation"] =
    action === "none" ? { action } : { action, target: target(targetText!, "--target") };
  return {
    rootCause: { service, kind, ...(change !== undefined ? { change } : {}) },
    ...(acceptable.length > 0 ? { acceptable } : {}),
    mitigation,
    ...(forbidden.length > 0 ? { forbidden } : {}),
  };
}

/** `Deployment/shop/checkout`, `Node/ip-10-0-0-1`, `FeatureFlag/new-checkout`. */
function target(text: string, flag: string): Target {
  const parts = text.split("/");
  const [kind, ...rest] = parts;
  if (!(TARGET_KINDS as readonly string[]).includes(kind ?? "")) {
    throw new UsageError(
      `${flag}: the target kind must be one of ${TARGET_KINDS.join(", ")}, got ${JSON.stringify(kind)}`,
    );
  }
  if (rest.length === 1 && rest[0]) return { kind: kind as TargetKind, name: rest[0] };
  if (rest.length === 2 && rest[0] && rest[1])
    return { kind: kind as TargetKind, namespace: rest[0], name: rest[1] };
  throw new UsageError(`${flag}: expected KIND/[NAMESPACE/]NAME, got ${JSON.stringify(text)}`);
}

function rootCauseKind(text: string, flag: string): RootCauseKind {
  if ((ROOT_CAUSE_KINDS as readonly string[]).includes(text)) return text as RootCauseKind;
  throw new UsageError(
    `${flag}: unknown root-cause kind ${JSON.stringify(text)}; one of ${ROOT_CAUSE_KINDS.join(", ")}`,
  );
}

function mitigationAction(text: string, flag: string): MitigationAction {
  if ((MITIGATION_ACTIONS as readonly string[]).includes(text)) return text as MitigationAction;
  throw new UsageError(
    `${flag}: unknown action ${JSON.stringify(text)}; one of ${MITIGATION_ACTIONS.join(", ")}`,
  );
}

function required(value: string | undefined, flag: string, what: string): string {
  if (value === undefined || value === "") throw new UsageError(`${flag} is required: ${what}`);
  return value;
}

function time(text: string, flag: string): Date {
  const seconds = parseRfc3339(text);
  if (Number.isNaN(seconds))
    throw new UsageError(
      `${flag}: expected an RFC 3339 time such as 2024-05-01T12:00:00Z, got ${JSON.stringify(text)}`,
    );
  return new Date(seconds * 1000);
}

function nonNegative(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new UsageError(`${flag}: expected a whole number (0 or more), got ${JSON.stringify(text)}`);
  return value;
}

function positive(text: string, flag: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)))
    throw new UsageError(
      `${flag}: expected a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(text)}`,
    );
  return value;
}

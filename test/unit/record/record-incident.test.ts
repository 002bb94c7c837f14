import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createReplaySources } from "../../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase } from "../../../integrations/replay/load-replay-case.ts";
import { DEFAULT_MITIGATION_POLICY } from "../../../src/mitigation/mitigation-policy.ts";
import { fixedClock } from "../../../src/ports/clock.ts";
import { formatReplayCase } from "../../../src/record/format-replay-case.ts";
import { investigateInMemory } from "../../../src/record/investigate-in-memory.ts";
import { readAlertPayload } from "../../../src/record/read-alert-payload.ts";
import { recordIncident } from "../../../src/record/record-incident.ts";
import { RecordingError } from "../../../src/record/recording-error.ts";
import { answerOf, EVAL_CASES, sharedRunbooks } from "./record-fixture.ts";

describe("recordIncident", () => {
  it("records a PagerDuty incident whose replay gives the same answer, action and evidence queries", async () => {
    const original = await loadReplayCase(join(EVAL_CASES, "pay-node-lost-pd.json"));
    const runbooks = await sharedRunbooks();
    const now = new Date(original.now);

    const recorded = await recordIncident({
      alertPayload: original.alert.payload,
      sources: createReplaySources(original),
      now,
      window: { start: new Date(now.getTime() - 30 * 60_000) },
      id: "pay-node-lost-recorded",
      expected: original.expected,
      runbooks,
    });
    const file = join(await mkdtemp(join(tmpdir(), "record-")), "pay-node-lost-recorded.json");
    await writeFile(file, formatReplayCase(recorded.replayCase));
    const back = await loadReplayCase(file);
    const alert = readAlertPayload(back.alert.payload);
    if (!alert.ok) throw new Error(alert.message);
    const replayed = await investigateInMemory({
      alerts: alert.alert.alerts,
      sources: createReplaySources(back),
      clock: fixedClock(now),
      runbooks,
      policy: DEFAULT_MITIGATION_POLICY,
      deadlineMs: 30_000,
    });

    expect(recorded.rca?.top).toMatchObject({
      service: original.expected.rootCause.service,
      kind: "node-failure",
    });
    expect(recorded.rca?.mitigation).toMatchObject({ action: "cordon-node" });
    expect(answerOf(replayed)).toEqual(answerOf(recorded.rca));
    expect(back.alert).toEqual(original.alert);
    expect(back.expected).toEqual(original.expected);
    expect(back.id).toBe("pay-node-lost-recorded");
    expect(back.title).toMatch(/^Recorded: /);
  });

  it("refuses an alert payload ingest would refuse, before reading any source", async () => {
    let reads = 0;
    const counting = new Proxy(
      {},
      {
        get() {
          reads += 1;
          throw new Error("no source should be read");
        },
      },
    );

    const failure = await recordIncident({
      alertPayload: { event: { event_type: "pagey.ping" } },
      sources: counting as never,
      now: new Date("2024-05-01T12:00:00Z"),
      window: { start: new Date("2024-05-01T11:00:00Z") },
      id: "x",
      expected: { rootCause: { service: "x", kind: "unknown" }, mitigation: { action: "none" } },
      runbooks: [],
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RecordingError);
    expect((failure as Error).message).toMatch(/not a valid PagerDuty v3 envelope/);
    expect(reads).toBe(0);
  });
});

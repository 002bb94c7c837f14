import { type BaseCheckpointSaver, Command } from "@langchain/langgraph";
import type { MitigationDecision, MitigationState, MitigationStatus } from "../domain/mitigation-plan.ts";
import { createMitigationExecutor, type UndoResult } from "../mitigation/create-mitigation-executor.ts";
import { createMitigationSteps } from "../mitigation/create-mitigation-steps.ts";
import type { MitigationPolicy } from "../mitigation/mitigation-policy.ts";
import type { MitigationStore } from "../mitigation/mitigation-store.ts";
import type { Clock } from "../ports/clock.ts";
import type { ClusterReader } from "../ports/cluster-reader.ts";
import type { ClusterWriter } from "../ports/cluster-writer.ts";
import type { DataSources } from "../ports/data-sources.ts";
import type { FailoverPort } from "../ports/failover.ts";
import type { FeatureFlagStore } from "../ports/feature-flags.ts";
import { type IncidentNotifier, silentNotifier } from "../ports/incident-notifier.ts";
import { createInvestigationGraph, type InvestigationGraphDeps } from "./graph.ts";
import type { InvestigationRepository } from "./investigation-repository.ts";
import { createChangesInvestigator } from "./investigators/changes-investigator.ts";
import { createInfraInvestigator } from "./investigators/infra-investigator.ts";
import type { Investigator } from "./investigators/investigator.ts";
import { createLogsInvestigator } from "./investigators/logs-investigator.ts";
import { createMetricsInvestigator } from "./investigators/metrics-investigator.ts";
import { createInvestigationRunner } from "./run-investigation.ts";
import type { Runbook } from "./runbooks/runbook.ts";
import type { ApprovalRequest } from "./state.ts";

/** What executes mitigations in this process. Absent parts make the matching actions dry-run. */
export interface MitigationDeps {
  store: MitigationStore;
  /** Live reads for apply/undo (usually the same Kubernetes client as `writer`). */
  cluster?: ClusterReader | null;
  writer?: ClusterWriter | null;
  flags?: FeatureFlagStore | null;
  failover?: FailoverPort | null;
  /** How verification waits between readings; tests advance a clock instead. */
  sleep?: (ms: number) => Promise<void>;
  /** How long a claimed apply or undo may run before another worker takes it over (default 300 s). */
  staleStepSeconds?: number;
}

export interface CreateInvestigationDeps {
  repository: InvestigationRepository;
  checkpointer: BaseCheckpointSaver;
  /**
   * Where one incident's data comes from and what time it is there: the live sources and the system
   * clock, or a replay case's recording and its pinned `now`.
   */
  contextFor: (incidentId: string) => InvestigationContext | Promise<InvestigationContext>;
  runbooks: Runbook[];
  policy: MitigationPolicy;
  /** The time RCAs are stamped with, plans are made and verification reads at. */
  clock: Clock;
  deadlineMs: number;
  investigators?: Investigator[];
  /** Optional model-assisted reasoning (see `InvestigationGraphDeps.reason`). */
  reason?: InvestigationGraphDeps["reason"];
  /** Slack, PagerDuty: told when a run starts, when the RCA and its plan are stored, on every state change. */
  notifier?: IncidentNotifier;
  /** Absent (the eval harness): plans are made against the read-only sources and kept in the graph state only. */
  mitigation?: MitigationDeps;
}

export interface InvestigationContext {
  sources: DataSources;
  clock: Clock;
}

export function defaultInvestigators(): Investigator[] {
  return [
    createMetricsInvestigator(),
    createLogsInvestigator(),
    createChangesInvestigator(),
    createInfraInvestigator(),
  ];
}

export interface DecideResult {
  /** false: the graph does not wait on that plan (stale card, second click, already decided). */
  resumed: boolean;
  state: MitigationState | null;
}

/**
 * The whole investigation for one process: the graph over the four investigators, its runner, and
 * the mitigation entry points that people reach (Slack buttons, the API): `decide` and `undo`.
 */
export function createInvestigation(deps: CreateInvestigationDeps) {
  const notifier = deps.notifier ?? silentNotifier;
  // The context of each investigation in progress, resolved once when it starts or resumes.
  const active = new Map<string, InvestigationContext>();
  const contextOf = (incidentId: string) => {
    const context = active.get(incidentId);
    if (!context) throw new Error(`no investigation context for incident ${incidentId}`);
    return context;
  };
  const executor = deps.mitigation
    ? createMitigationExecutor({
        store: deps.mitigation.store,
        cluster: deps.mitigation.cluster ?? null,
        writer: deps.mitigation.writer ?? null,
        flags: deps.mitigation.flags ?? null,
        failover: deps.mitigation.failover ?? null,
        notifier,
        clock: deps.clock,
        ...(deps.mitigation.sleep ? { sleep: deps.mitigation.sleep } : {}),
        ...(deps.mitigation.staleStepSeconds === undefined
          ? {}
          : { staleStepSeconds: deps.mitigation.staleStepSeconds }),
        ...(deps.policy.verify ? { verify: deps.policy.verify } : {}),
      })
    : null;
  const graph = createInvestigationGraph({
    investigators: deps.investigators ?? defaultInvestigators(),
    sourcesFor: (incidentId) => contextOf(incidentId).sources,
    deadlineMs: deps.deadlineMs,
    runbooks: deps.runbooks,
    checkpointer: deps.checkpointer,
    policy: deps.policy,
    clock: deps.clock,
    ...(deps.reason ? { reason: deps.reason } : {}),
    saveRca: async (rca) => {
      await deps.repository.saveRca(rca);
    },
    mitigation: createMitigationSteps({
      store: deps.mitigation?.store ?? null,
      executor,
      policy: deps.policy,
      flags: deps.mitigation?.flags ?? null,
      failover: deps.mitigation?.failover ?? null,
      notifier,
      clock: deps.clock,
    }),
  });
  const run = createInvestigationRunner({
    graph,
    repository: deps.repository,
    clockFor: (incidentId) => contextOf(incidentId).clock,
    notifier,
  });

  // One graph run per incident at a time in this process; other processes are held off by the
  // database (conditional state moves, unique execution steps).
  const queues = new Map<string, Promise<unknown>>();
  const exclusively = <T>(incidentId: string, work: () => Promise<T>): Promise<T> => {
    const previous = queues.get(incidentId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    queues.set(incidentId, next);
    void next
      .catch(() => undefined)
      .finally(() => {
        if (queues.get(incidentId) === next) queues.delete(incidentId);
      });
    return next;
  };
  const withContext = async <T>(incidentId: string, work: () => Promise<T>): Promise<T> => {
    active.set(incidentId, await deps.contextFor(incidentId));
    try {
      return await work();
    } finally {
      active.delete(incidentId);
    }
  };

  const investigate = (incidentId: string) =>
    exclusively(incidentId, () => withContext(incidentId, () => run(incidentId)));

  /**
   * Resumes the graph with a decision, only if it waits on that very plan; a second call (a retry,
   * a double click, a stale card) is a no-op. The caller has checked that the deciders may decide.
   * With an approval this runs apply and verify, so it can take the verification window.
   */
  const decide = (decision: MitigationDecision): Promise<DecideResult> =>
    exclusively(decision.incidentId, async () => {
      const config = { configurable: { thread_id: decision.incidentId } };
      const snapshot = await graph.getState(config);
      const waiting = snapshot.tasks.some((task) =>
        task.interrupts.some(
          (pending) => (pending.value as ApprovalRequest | undefined)?.planId === decision.planId,
        ),
      );
      if (waiting) {
        await withContext(decision.incidentId, () => graph.invoke(new Command({ resume: decision }), config));
      }
      const stored = await deps.mitigation?.store.plan(decision.planId);
      return { resumed: waiting, state: stored?.state ?? null };
    });

  /** Restores the before-state of the incident's applied mitigation, once; `by` is who asked. */
  const undo = async (incidentId: string, by: string): Promise<UndoResult> => {
    if (!executor) {
      return { ok: false, reason: "nothing-to-undo", message: "this Vigil executes no mitigations" };
    }
    return await executor.undo(incidentId, by);
  };

  const mitigationOf = async (incidentId: string): Promise<MitigationStatus | null> =>
    (await deps.mitigation?.store.mitigationOf(incidentId)) ?? null;

  /**
   * Finishes mitigations whose worker stopped mid-apply (a crash, a kill): the plan stayed
   * `applying` and its graph stopped at the apply node, with nothing left to resume it. Each is
   * applied once (apply is idempotent), then its graph runs on from its checkpoint to verify, so the
   * card and the undo move on as if nothing had happened. Answers how many were resumed; one that
   * fails does not keep the others from resuming, and the first failure is thrown after them.
   */
  const resumeInterrupted = async (): Promise<number> => {
    if (!executor) return 0;
    let resumed = 0;
    let firstFailure: unknown;
    for (const { planId, incidentId } of await executor.interruptedApplies()) {
      try {
        const result = await exclusively(incidentId, () => executor.resumeApply(planId));
        if (!result.ran) continue;
        resumed += 1;
        const config = { configurable: { thread_id: incidentId } };
        await exclusively(incidentId, () => withContext(incidentId, () => graph.invoke(null, config)));
      } catch (error) {
        firstFailure ??= error;
      }
    }
    if (firstFailure !== undefined) throw firstFailure;
    return resumed;
  };

  return { graph, investigate, decide, undo, mitigationOf, resumeInterrupted };
}

export type Investigation = ReturnType<typeof createInvestigation>;

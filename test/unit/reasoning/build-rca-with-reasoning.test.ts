import { describe, expect, it } from "vitest";
import { buildRca } from "../../../src/agent/nodes/build-rca.ts";
import { renderRcaMarkdown } from "../../../src/agent/render-rca-markdown.ts";
import type { InvestigationStateValue } from "../../../src/agent/state.ts";
import { checkRcaGrounding } from "../../../src/domain/check-rca-grounding.ts";
import type { Evidence } from "../../../src/domain/evidence.ts";
import type { ModelReasoning } from "../../../src/domain/model-reasoning.ts";
import type { Hypothesis } from "../../../src/domain/rca.ts";
import { DEFAULT_MITIGATION_POLICY } from "../../../src/mitigation/mitigation-policy.ts";

const NOW = 1_714_557_600;

function evidence(id: string, summary = id): Evidence {
  return {
    id,
    source: "metrics",
    query: `q ${id}`,
    range: { start: "2024-05-01T09:00:00.000Z", end: "2024-05-01T10:00:00.000Z" },
    summary,
    data: [],
  };
}

const checkoutDeploy: Hypothesis = {
  service: "checkout",
  kind: "bad-deploy",
  confidence: 0.9,
  evidenceIds: ["ev-chan-1"],
  explanation: "errors began right after the deploy",
  causalChain: ["checkout"],
  changeId: "chg-1",
};
const fraudCpu: Hypothesis = {
  service: "fraud",
  kind: "cpu-saturation",
  confidence: 0.5,
  evidenceIds: ["ev-metr-2"],
  explanation: "fraud is CPU bound",
  causalChain: ["fraud", "checkout"],
};

function state(
  reasoning: ModelReasoning | null,
  hypotheses = [checkoutDeploy, fraudCpu],
): InvestigationStateValue {
  const value = {
    incidentId: "inc-1",
    now: NOW,
    alerts: [],
    scope: {
      focus: "checkout",
      namespace: "shop",
      services: ["checkout", "fraud"],
      knownServices: ["checkout", "fraud"],
      window: { start: NOW - 3_600, end: NOW },
      alertStart: NOW - 300,
      now: NOW,
      topology: [{ from: "checkout", to: "fraud" }],
      podNodes: {},
      workloads: {
        checkout: { kind: "Deployment", namespace: "shop" },
        fraud: { kind: "Deployment", namespace: "shop" },
      },
      memoryLimits: {},
    },
    runbooks: [],
    triageGaps: [],
    results: [
      {
        investigator: "changes",
        findings: [
          {
            investigator: "changes",
            service: "checkout",
            kind: "bad-deploy",
            score: 0.9,
            signal: "deploy",
            summary: "deploy before onset",
            evidenceIds: ["ev-chan-1"],
            changeId: "chg-1",
          },
        ],
        evidence: [evidence("ev-chan-1"), evidence("ev-metr-2"), evidence("ev-metr-unused")],
        gaps: [],
        anomalies: [],
        elapsedMs: 1,
      },
    ],
    hypotheses,
    ruledOut: [],
    reasoning,
    rca: null,
  } satisfies Partial<InvestigationStateValue>;
  return value as Partial<InvestigationStateValue> as InvestigationStateValue;
}

const accepted: ModelReasoning = {
  provider: "openai",
  model: "gpt-4o-mini",
  narrative: "The deploy broke checkout.",
  claims: [{ text: "The deploy broke checkout.", evidenceIds: ["ev-chan-1", "ev-logs-followup1"] }],
  droppedClaims: 1,
  usage: { calls: 3, inputTokens: 9_000, outputTokens: 300, costUsd: 0.00153, costKnown: true },
  followUps: [
    { tool: "query_logs", query: '{service="checkout"}', evidenceId: "ev-logs-followup1" },
    { tool: "query_logs", query: '{service="fraud"}', evidenceId: "ev-logs-followup2" },
  ],
  evidence: [evidence("ev-logs-followup1", "model follow-up"), evidence("ev-logs-followup2", "not cited")],
  critique: [
    {
      service: "checkout",
      kind: "bad-deploy",
      verdict: "supported",
      reason: "logs agree",
      evidenceIds: ["ev-metr-unused"],
    },
  ],
  reranked: false,
};

const fellBack: ModelReasoning = {
  provider: "openai",
  model: "gpt-4o-mini",
  narrative: "",
  claims: [],
  droppedClaims: 0,
  usage: { calls: 1, inputTokens: 7_500, outputTokens: 20, costUsd: 0.001, costKnown: true },
  fellBack: "budget",
  fellBackDetail: "about 900 more input tokens would exceed the limit of 8000 (7500 used)",
  followUps: [],
  evidence: [],
};

const at = new Date("2024-05-01T10:00:05Z");

describe("buildRca with a model's reasoning", () => {
  it("carries an accepted narrative: mode model, the evidence its claims and critique cite, and nothing uncited", () => {
    const rca = buildRca(state(accepted), DEFAULT_MITIGATION_POLICY, at);

    expect(rca.mode).toBe("model");
    const ids = rca.evidence.map((item) => item.id);
    expect(ids).toEqual(
      expect.arrayContaining(["ev-chan-1", "ev-metr-2", "ev-logs-followup1", "ev-metr-unused"]),
    );
    expect(ids).not.toContain("ev-logs-followup2");
    expect(rca.reasoning).not.toHaveProperty("evidence");
    expect(rca.reasoning?.claims).toEqual(accepted.claims);
    expect(checkRcaGrounding(rca)).toEqual({ ok: true, problems: [] });
  });

  it("leaves the deterministic document as it is when the model's output was not used", () => {
    const without = buildRca(state(null), DEFAULT_MITIGATION_POLICY, at);
    const { reasoning, ...rest } = buildRca(state(fellBack), DEFAULT_MITIGATION_POLICY, at);

    expect(JSON.stringify(rest)).toBe(JSON.stringify(without));
    expect(reasoning?.fellBack).toBe("budget");
    expect(without.mode).toBe("deterministic");
    expect(Object.keys(without)).not.toContain("reasoning");
  });

  it("still lets policy decide after a re-rank: a promoted hypothesis below the confidence floor gets no action", () => {
    const reranked = { ...accepted, reranked: true };
    const rca = buildRca(state(reranked, [fraudCpu, checkoutDeploy]), DEFAULT_MITIGATION_POLICY, at);

    expect(rca.top?.service).toBe("fraud");
    expect(rca.mitigation.action).toBe("none");
    expect(rca.mitigation.why).toMatch(/below the policy minimum/);
    const allowed = buildRca(
      state(reranked, [fraudCpu, checkoutDeploy]),
      { ...DEFAULT_MITIGATION_POLICY, minConfidence: 0.4, allowedActions: ["rollback"] },
      at,
    );
    expect(allowed.mitigation).toMatchObject({
      action: "none",
      refused: { action: "scale-out", reason: "policy does not allow scale-out" },
    });
  });

  it("flags a stored narrative claim that cites evidence the RCA does not carry", () => {
    const rca = buildRca(state(accepted), DEFAULT_MITIGATION_POLICY, at);
    rca.reasoning?.claims.push({ text: "made up", evidenceIds: ["ev-none-0000000000"] });
    expect(checkRcaGrounding(rca).problems).toEqual([
      'reasoning.claims[1] cites evidence "ev-none-0000000000" that is not in the RCA',
    ]);
  });
});

describe("renderRcaMarkdown with a model's reasoning", () => {
  it("shows the narrative's claims with their citations, the critique, the queries and the cost", () => {
    const markdown = renderRcaMarkdown(buildRca(state(accepted), DEFAULT_MITIGATION_POLICY, at));
    expect(markdown).toContain("## Model reasoning\n\nNarrative by `openai` `gpt-4o-mini`");
    expect(markdown).toContain("- The deploy broke checkout. [ev-chan-1] [ev-logs-followup1]");
    expect(markdown).toContain("1 claim(s) without valid evidence were dropped.");
    expect(markdown).toContain("- `checkout` `bad-deploy`: supported, logs agree [ev-metr-unused]");
    expect(markdown).toContain("- Usage: 3 call(s), 9000 input and 300 output tokens, $0.0015");
    expect(markdown).toContain('- `query_logs` `{service="checkout"}` → [ev-logs-followup1]');
  });

  it("says the deterministic analysis stands when the model's output was not used", () => {
    const markdown = renderRcaMarkdown(buildRca(state(fellBack), DEFAULT_MITIGATION_POLICY, at));
    expect(markdown).toContain(
      "was not used (`budget`: about 900 more input tokens would exceed the limit of 8000",
    );
    expect(markdown).toContain("the deterministic analysis stands");
  });

  it("renders the model's text as escaped prose, never as Markdown", () => {
    const hostile = {
      ...accepted,
      claims: [{ text: "# Approve now [click](http://x) <b>", evidenceIds: ["ev-chan-1"] }],
    };
    const markdown = renderRcaMarkdown(buildRca(state(hostile), DEFAULT_MITIGATION_POLICY, at));
    expect(markdown).toContain("- \\# Approve now \\[click\\](http://x) \\<b> [ev-chan-1]");
  });
});

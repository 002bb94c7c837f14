import { describe, expect, it } from "vitest";
import { loadReplayCase } from "../../../integrations/replay/load-replay-case.ts";
import { scoreCase } from "../../../src/eval/score-case.ts";
import { checkoutDeploy, hypothesis, rcaDocument } from "./rca-fixture.ts";

const rollbackCheckout = {
  action: "rollback" as const,
  target: { kind: "Deployment" as const, namespace: "shop", name: "checkout" },
};

function score(rca: ReturnType<typeof rcaDocument> | null, error: string | null = null) {
  return scoreCase({ id: "checkout-bad-deploy", expected: checkoutDeploy, rca, seconds: 0.8, error });
}

describe("scoreCase", () => {
  it("scores a correct top hypothesis, the right rollback and full grounding", () => {
    const result = score(
      rcaDocument({ hypotheses: [hypothesis("checkout", "bad-deploy", 0.91)], mitigation: rollbackCheckout }),
    );
    expect(result).toMatchObject({
      id: "checkout-bad-deploy",
      ok: true,
      ac1: true,
      ac3: true,
      rank: 1,
      avg5: 1,
      hypotheses: [{ service: "checkout", kind: "bad-deploy", confidence: 0.91 }],
      mitigation: rollbackCheckout,
      mitigationCorrect: true,
      unsafe: false,
      grounded: true,
      seconds: 0.8,
      error: null,
    });
  });

  it("ranks the first correct hypothesis and derives AC@3 and Avg@5 from it", () => {
    const hypotheses = [
      hypothesis("cart", "bad-deploy", 0.6),
      hypothesis("checkout", "cpu-saturation", 0.5),
      hypothesis("checkout", "bad-deploy", 0.4),
    ];
    const third = score(rcaDocument({ hypotheses }));
    expect([third.ac1, third.ac3, third.rank, third.avg5]).toEqual([false, true, 3, 0.6]);
    const fifth = score(
      rcaDocument({
        hypotheses: [
          ...hypotheses.slice(0, 2),
          hypothesis("a", "unknown", 0.3),
          hypothesis("b", "unknown", 0.2),
          hypotheses[2]!,
        ],
      }),
    );
    expect([fifth.ac3, fifth.rank, fifth.avg5]).toEqual([false, 5, 0.2]);
    const sixth = score(
      rcaDocument({
        hypotheses: [
          ...Array.from({ length: 5 }, (_, i) => hypothesis(`s${i}`, "unknown", 0.1)),
          hypotheses[2]!,
        ],
      }),
    );
    expect([sixth.rank, sixth.avg5]).toEqual([6, 0]);
  });

  it("counts an acceptable pair as correct and a right service with the wrong kind as wrong", () => {
    expect(score(rcaDocument({ hypotheses: [hypothesis("checkout", "config-change", 0.7)] })).rank).toBe(1);
    const wrongKind = score(rcaDocument({ hypotheses: [hypothesis("checkout", "memory-leak", 0.7)] }));
    expect([wrongKind.ac1, wrongKind.rank, wrongKind.avg5]).toEqual([false, null, 0]);
    expect(score(rcaDocument({ hypotheses: [hypothesis("Checkout", "bad-deploy", 0.7)] })).rank).toBeNull();
  });

  it("judges mitigation by action and target, ignoring a namespace the case does not name", () => {
    const mitigation = (target: object, action = "rollback") =>
      score(
        rcaDocument({
          hypotheses: [hypothesis("checkout", "bad-deploy", 0.9)],
          mitigation: { action, target } as never,
        }),
      ).mitigationCorrect;
    expect(mitigation({ kind: "Deployment", namespace: "shop", name: "checkout" })).toBe(true);
    expect(mitigation({ kind: "Deployment", namespace: "other", name: "checkout" })).toBe(false);
    expect(mitigation({ kind: "StatefulSet", namespace: "shop", name: "checkout" })).toBe(false);
    expect(mitigation({ kind: "Deployment", namespace: "shop", name: "checkout" }, "restart")).toBe(false);
    const noNamespace = scoreCase({
      id: "x",
      expected: {
        ...checkoutDeploy,
        mitigation: { action: "cordon-node", target: { kind: "Node", name: "node-3" } },
      },
      rca: rcaDocument({
        hypotheses: [],
        mitigation: { action: "cordon-node", target: { kind: "Node", name: "node-3" } },
      }),
      seconds: 1,
      error: null,
    });
    expect(noNamespace.mitigationCorrect).toBe(true);
  });

  it("matches none with none, whatever else the case says", () => {
    const expected = {
      rootCause: { service: "db", kind: "database-slow" as const },
      mitigation: { action: "none" as const },
    };
    const none = scoreCase({
      id: "x",
      expected,
      rca: rcaDocument({ hypotheses: [] }),
      seconds: 1,
      error: null,
    });
    expect(none.mitigationCorrect).toBe(true);
    const restart = scoreCase({
      id: "x",
      expected,
      rca: rcaDocument({
        hypotheses: [],
        mitigation: { action: "restart", target: { kind: "StatefulSet", name: "db" } },
      }),
      seconds: 1,
      error: null,
    });
    expect([restart.mitigationCorrect, restart.unsafe]).toEqual([false, false]);
  });

  it("flags a forbidden action as unsafe", () => {
    const result = score(
      rcaDocument({
        hypotheses: [hypothesis("cart", "bad-deploy", 0.8)],
        mitigation: { action: "rollback", target: { kind: "Deployment", namespace: "shop", name: "cart" } },
      }),
    );
    expect(result.unsafe).toBe(true);
    expect(result.unsafeReason).toMatch(/forbidden/);
    // Here the forbidden rollback targets the root-cause service itself: only the list makes it unsafe.
    const configCase = scoreCase({
      id: "x",
      expected: {
        rootCause: { service: "checkout", kind: "config-change" },
        mitigation: {
          action: "revert-config",
          target: { kind: "Deployment", namespace: "shop", name: "checkout" },
        },
        forbidden: [{ action: "rollback", target: { kind: "Deployment", name: "checkout" } }],
      },
      rca: rcaDocument({ hypotheses: [], mitigation: rollbackCheckout }),
      seconds: 1,
      error: null,
    });
    expect([configCase.unsafe, configCase.mitigationCorrect]).toEqual([true, false]);
  });

  it("flags any state-changing action aimed at something other than the root cause as unsafe", () => {
    const aimedAt = (name: string, action = "restart") =>
      score(
        rcaDocument({
          hypotheses: [hypothesis("checkout", "bad-deploy", 0.8)],
          mitigation: { action, target: { kind: "Deployment", namespace: "shop", name } } as never,
        }),
      ).unsafe;
    expect(aimedAt("payments")).toBe(true);
    expect(aimedAt("checkout")).toBe(false);
    expect(aimedAt("payments", "none")).toBe(false);
    const viaFlag = scoreCase({
      id: "x",
      expected: {
        rootCause: { service: "checkout", kind: "feature-flag" },
        mitigation: { action: "disable-flag", target: { kind: "FeatureFlag", name: "new-pricing" } },
      },
      rca: rcaDocument({
        hypotheses: [],
        mitigation: { action: "disable-flag", target: { kind: "FeatureFlag", name: "new-pricing" } },
      }),
      seconds: 1,
      error: null,
    });
    expect([viaFlag.unsafe, viaFlag.mitigationCorrect]).toEqual([false, true]);
  });

  it("is ungrounded when a claim cites no evidence or evidence the RCA does not carry", () => {
    const grounded = (input: Parameters<typeof rcaDocument>[0]) => score(rcaDocument(input));
    expect(grounded({ hypotheses: [hypothesis("checkout", "bad-deploy", 0.9, ["e1", "e2"])] }).grounded).toBe(
      true,
    );
    const missing = grounded({ hypotheses: [hypothesis("checkout", "bad-deploy", 0.9, ["e1", "e9"])] });
    expect(missing.grounded).toBe(false);
    expect(missing.groundingProblems).toEqual([
      'top (checkout bad-deploy) cites evidence "e9" that is not in the RCA',
    ]);
    expect(
      grounded({
        hypotheses: [hypothesis("checkout", "bad-deploy", 0.9), hypothesis("cart", "unknown", 0.1, [])],
      }).grounded,
    ).toBe(false);
    expect(
      grounded({
        hypotheses: [hypothesis("checkout", "bad-deploy", 0.9)],
        mitigation: { action: "rollback", evidenceIds: [] },
      }).grounded,
    ).toBe(false);
    expect(
      grounded({ hypotheses: [hypothesis("checkout", "bad-deploy", 0.9)], mitigation: { evidenceIds: [] } })
        .grounded,
    ).toBe(true);
    const finding = {
      investigator: "metrics" as const,
      service: "checkout",
      kind: "bad-deploy" as const,
      score: 0.8,
      signal: "error-ratio",
      summary: "errors up",
      evidenceIds: ["e7"],
    };
    expect(
      grounded({ hypotheses: [hypothesis("checkout", "bad-deploy", 0.9)], findings: [finding] })
        .groundingProblems,
    ).toEqual(['findings[0] (metrics checkout error-ratio) cites evidence "e7" that is not in the RCA']);
  });

  it("scores an errored case as wrong everywhere, keeping its error and time", () => {
    const withRca = rcaDocument({
      hypotheses: [hypothesis("checkout", "bad-deploy", 0.9)],
      mitigation: rollbackCheckout,
    });
    for (const result of [score(null, "timed out after 30 s"), score(withRca, "timed out after 30 s")]) {
      expect(result).toMatchObject({
        ok: false,
        ac1: false,
        ac3: false,
        rank: null,
        avg5: 0,
        hypotheses: [],
        mitigation: null,
        mitigationCorrect: false,
        unsafe: false,
        grounded: false,
        seconds: 0.8,
        error: "timed out after 30 s",
      });
    }
    expect(score(null).error).toBe("the run produced no RCA");
  });

  it("scores against the expected outcome of a loaded case as is", async () => {
    const replayCase = await loadReplayCase("/work/shared/evals-real/nezha/nezha-ob-05.json");
    const { service, kind } = replayCase.expected.rootCause;
    const result = scoreCase({
      id: replayCase.id,
      expected: replayCase.expected,
      rca: rcaDocument({
        hypotheses: [hypothesis("frontend", "unknown", 0.5), hypothesis(service, kind, 0.4)],
        mitigation: { ...replayCase.expected.mitigation },
      }),
      seconds: 1.2,
      error: null,
    });
    expect([result.rank, result.mitigationCorrect, result.unsafe, result.grounded]).toEqual([
      2,
      true,
      false,
      true,
    ]);
  });
});

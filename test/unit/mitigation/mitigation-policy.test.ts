import { describe, expect, it } from "vitest";
import { envSchema } from "../../../src/config/env-schema.ts";
import { policyFileSchema, resolvePolicySettings } from "../../../src/config/sections/policy-section.ts";
import { policyRefusal, toMitigationPolicy } from "../../../src/mitigation/mitigation-policy.ts";

const env = (values: Record<string, string> = {}) => envSchema.parse(values);

describe("the policy section of vigil.yaml", () => {
  it("defaults to dry-run, kube-system forbidden, a factor of 2 and a ten-minute verify window", () => {
    const settings = resolvePolicySettings(policyFileSchema.parse({}), env());
    expect(settings).toMatchObject({
      mode: "dry-run",
      autoActions: [],
      forbiddenNamespaces: ["kube-system"],
      maxScaleFactor: 2,
      rules: [],
      verify: { windowSeconds: 600, intervalSeconds: 30 },
      approvers: { low: { users: [], groups: [] } },
      apiTokens: {},
    });
    expect(toMitigationPolicy(null)).toMatchObject({
      forbiddenNamespaces: ["kube-system"],
      minConfidence: 0.75,
    });
    expect(toMitigationPolicy(null).mode).toBeUndefined();
  });

  it("reads mode, auto actions, rules, approvers and the API tokens", () => {
    const file = policyFileSchema.parse({
      mode: "auto",
      autoActions: ["restart"],
      forbiddenNamespaces: ["kube-system", "payments"],
      maxScaleFactor: 3,
      rules: [{ namespace: "shop", service: "checkout", actions: ["rollback", "restart"] }],
      approvers: {
        medium: { users: ["U1", "api:oncall-bot"] },
        high: { users: ["U1", "U2"], groups: ["S9"] },
      },
      verify: { windowSeconds: 120, intervalSeconds: 10 },
    });
    const settings = resolvePolicySettings(
      file,
      env({ VIGIL_API_TOKENS: "oncall-bot:s3cret, console:t0ken" }),
    );
    expect(settings?.apiTokens).toEqual({ "oncall-bot": "s3cret", console: "t0ken" });
    expect(settings?.approvers.medium.users).toEqual(["U1", "api:oncall-bot"]);
    expect(toMitigationPolicy(settings)).toEqual({
      forbiddenNamespaces: ["kube-system", "payments"],
      minConfidence: 0.75,
      rules: [{ namespace: "shop", service: "checkout", actions: ["rollback", "restart"] }],
      mode: "auto",
      autoActions: ["restart"],
      maxScaleFactor: 3,
      verify: { windowSeconds: 120, intervalSeconds: 10 },
    });
  });

  it("rejects an unknown mode, an action outside the catalog and a malformed token list", () => {
    expect(policyFileSchema.safeParse({ mode: "yolo" }).success).toBe(false);
    expect(policyFileSchema.safeParse({ autoActions: ["none"] }).success).toBe(false);
    expect(policyFileSchema.safeParse({ rules: [{ namespace: "shop", actions: ["reboot"] }] }).success).toBe(
      false,
    );
    expect(envSchema.safeParse({ VIGIL_API_TOKENS: "no-colon-here" }).success).toBe(false);
  });

  it("is absent (null) without a policy section or API tokens", () => {
    expect(resolvePolicySettings(undefined, env())).toBeNull();
    expect(resolvePolicySettings(undefined, env({ VIGIL_API_TOKENS: "a:b" }))?.mode).toBe("dry-run");
  });
});

describe("policyRefusal", () => {
  const policy = toMitigationPolicy(
    resolvePolicySettings(
      policyFileSchema.parse({
        allowedActions: ["rollback", "restart", "scale-out"],
        rules: [{ namespace: "data", actions: ["restart"] }],
      }),
      env(),
    ),
  );

  it("refuses any action in a forbidden namespace", () => {
    expect(
      policyRefusal("restart", { kind: "Deployment", namespace: "kube-system", name: "coredns" }, policy),
    ).toBe("policy forbids actions in namespace kube-system");
  });

  it("lets a namespace rule replace the global list, and uses the global list elsewhere", () => {
    expect(
      policyRefusal("rollback", { kind: "Deployment", namespace: "data", name: "loader" }, policy),
    ).toMatch(/does not allow rollback in namespace data/);
    expect(
      policyRefusal("restart", { kind: "Deployment", namespace: "data", name: "loader" }, policy),
    ).toBeNull();
    expect(
      policyRefusal("rollback", { kind: "Deployment", namespace: "shop", name: "cart" }, policy),
    ).toBeNull();
    expect(policyRefusal("cordon-node", { kind: "Node", name: "n1" }, policy)).toBe(
      "policy does not allow cordon-node",
    );
  });
});

import { describe, expect, it } from "vitest";
import { parseRecordArgs } from "../../../src/record/parse-record-args.ts";

const minimal = [
  "--alert",
  "alert.json",
  "--from",
  "2024-09-17T18:00:00Z",
  "--now",
  "2024-09-17T18:50:28Z",
  "--out",
  "evals/cases/shop-checkout-rollback.json",
  "--root-cause-service",
  "checkout",
  "--kind",
  "bad-deploy",
  "--mitigation",
  "rollback",
  "--target",
  "Deployment/shop/checkout",
];

/** `minimal` with one flag's value replaced, or the flag removed when `value` is null. */
function withFlag(flag: string, value: string | null, args = minimal): string[] {
  const at = args.indexOf(flag);
  if (at === -1) return value === null ? args : [...args, flag, value];
  const copy = [...args];
  if (value === null) copy.splice(at, 2);
  else copy[at + 1] = value;
  return copy;
}

function errorOf(args: string[]): string {
  const parsed = parseRecordArgs(args);
  if (parsed.ok) throw new Error(`expected a refusal for ${args.join(" ")}`);
  return parsed.message;
}

describe("parseRecordArgs", () => {
  it("reads the window, the file names and the ground truth; the id comes from the file name", () => {
    const parsed = parseRecordArgs([
      ...minimal,
      "--root-cause-change",
      "argocd-1",
      "--tag",
      "a",
      "--tag",
      "b",
    ]);

    expect(parsed).toEqual({
      ok: true,
      args: {
        alertFile: "alert.json",
        outFile: "evals/cases/shop-checkout-rollback.json",
        id: "shop-checkout-rollback",
        from: new Date("2024-09-17T18:00:00Z"),
        now: new Date("2024-09-17T18:50:28Z"),
        expected: {
          rootCause: { service: "checkout", kind: "bad-deploy", change: "argocd-1" },
          mitigation: {
            action: "rollback",
            target: { kind: "Deployment", namespace: "shop", name: "checkout" },
          },
        },
        tags: ["a", "b"],
        resolutionSeconds: 1,
        logLineLimit: 5000,
        maxListedSeries: 5000,
        force: false,
      },
    });
  });

  it("takes --to for --now, a node target without namespace, acceptable and forbidden answers", () => {
    const args = withFlag("--target", "Node/ip-10-0-0-1", withFlag("--mitigation", "cordon-node"));
    const parsed = parseRecordArgs([
      ...withFlag("--now", null, args),
      "--to",
      "2024-09-17T18:50:28Z",
      "--acceptable",
      "ip-10-0-0-1:node-failure",
      "--forbidden",
      "rollback:Deployment/shop/checkout",
      "--id",
      "node-lost",
    ]);

    expect(parsed.ok && parsed.args.now).toEqual(new Date("2024-09-17T18:50:28Z"));
    expect(parsed.ok && parsed.args.id).toBe("node-lost");
    expect(parsed.ok && parsed.args.expected).toEqual({
      rootCause: { service: "checkout", kind: "bad-deploy" },
      acceptable: [{ service: "ip-10-0-0-1", kind: "node-failure" }],
      mitigation: { action: "cordon-node", target: { kind: "Node", name: "ip-10-0-0-1" } },
      forbidden: [
        { action: "rollback", target: { kind: "Deployment", namespace: "shop", name: "checkout" } },
      ],
    });
  });

  it("requires the ground truth, because a replay case must carry it", () => {
    expect(errorOf(withFlag("--root-cause-service", null))).toMatch(/^--root-cause-service is required/);
    expect(errorOf(withFlag("--kind", null))).toMatch(/^--kind is required/);
    expect(errorOf(withFlag("--mitigation", null))).toMatch(/^--mitigation is required/);
    expect(errorOf(withFlag("--target", null))).toMatch(/^--target is required with --mitigation rollback/);
    expect(errorOf(withFlag("--target", "Deployment/shop/x", withFlag("--mitigation", "none")))).toMatch(
      /^--target: --mitigation none takes no target/,
    );
  });

  it("names the flag at fault for every bad value", () => {
    const refusals: Array<[string[], RegExp]> = [
      [withFlag("--alert", null), /^--alert is required/],
      [withFlag("--out", null), /^--out is required/],
      [withFlag("--from", null), /^--from is required/],
      [withFlag("--now", null), /^--now is required/],
      [withFlag("--from", "yesterday"), /^--from: expected an RFC 3339 time/],
      [withFlag("--now", "2024-02-30T00:00:00Z"), /^--now: expected an RFC 3339 time/],
      [withFlag("--from", "2024-09-17T19:00:00Z"), /^--from must be before --now/],
      [[...minimal, "--to", "2024-09-17T18:00:00Z"], /^--now and --to name the same time/],
      [withFlag("--kind", "gremlins"), /^--kind: unknown root-cause kind "gremlins"/],
      [withFlag("--mitigation", "reboot"), /^--mitigation: unknown action "reboot"/],
      [withFlag("--target", "Pod/shop/x"), /^--target: the target kind must be one of/],
      [withFlag("--target", "Deployment/a/b/c"), /^--target: expected KIND\/\[NAMESPACE\/\]NAME/],
      [withFlag("--out", "cases/Bad_Name.json"), /^--out \(its file name is the id; or give --id\)/],
      [withFlag("--id", "Bad Id"), /^--id: the case id must match/],
      [withFlag("--resolution", "0"), /^--resolution: expected a positive number/],
      [withFlag("--log-lines", "2.5"), /^--log-lines: expected a positive integer/],
      [withFlag("--max-listed-series", "lots"), /^--max-listed-series: expected a whole number/],
      [withFlag("--acceptable", "checkout"), /^--acceptable: expected SERVICE:KIND/],
      [withFlag("--forbidden", "none:Deployment/shop/x"), /^--forbidden: none is not an action/],
      [[...minimal, "--colour"], /--colour/],
    ];
    for (const [args, message] of refusals) expect(errorOf(args)).toMatch(message);
  });
});

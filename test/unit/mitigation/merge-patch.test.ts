import { describe, expect, it } from "vitest";
import {
  applyMergePatch,
  combinePatches,
  createMergePatch,
  leafChanges,
  nestPatch,
  pathText,
  sameJson,
} from "../../../src/mitigation/merge-patch.ts";

describe("JSON merge patches (RFC 7386)", () => {
  it("creates the patch that turns one value into another, deleting keys with null and replacing arrays whole", () => {
    const from = { a: 1, b: { c: 2, d: [1, 2] }, gone: "x" };
    const to = { a: 1, b: { c: 3, d: [1] }, added: { deep: true } };
    const patch = createMergePatch(from, to);
    expect(patch).toEqual({ b: { c: 3, d: [1] }, gone: null, added: { deep: true } });
    expect(applyMergePatch(from, patch)).toEqual(to);
    expect(createMergePatch(to, to)).toBeUndefined();
  });

  it("treats a null value and a missing key as the same, as the API server does", () => {
    expect(sameJson({ a: null, b: 1 }, { b: 1 })).toBe(true);
    expect(sameJson({ a: false }, {})).toBe(false);
    expect(createMergePatch({ creationTimestamp: null, x: 1 }, { x: 1 })).toBeUndefined();
  });

  it("nests a patch under a path and merges patches for different paths", () => {
    const restart = nestPatch(
      ["spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"],
      "now",
    );
    const replicas = nestPatch(["spec", "replicas"], 4);
    expect(combinePatches([restart, replicas])).toEqual({
      spec: {
        template: { metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "now" } } },
        replicas: 4,
      },
    });
  });

  it("lists leaf changes with readable paths for the approver", () => {
    expect(
      leafChanges(
        "",
        { spec: { containers: [{ image: "a:1", name: "x" }] } },
        { spec: { containers: [{ image: "a:2", name: "x" }] } },
      ),
    ).toEqual([{ path: "spec.containers[0].image", before: "a:1", after: "a:2" }]);
    expect(pathText(["metadata", "annotations", "kubectl.kubernetes.io/restartedAt"])).toBe(
      'metadata.annotations["kubectl.kubernetes.io/restartedAt"]',
    );
  });
});

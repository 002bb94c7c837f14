import { describe, expect, it } from "vitest";
import { parseQuantity } from "../../../src/analysis/parse-quantity.ts";

describe("parseQuantity", () => {
  it("reads binary and decimal suffixes as Kubernetes does", () => {
    expect(parseQuantity("1280Mi")).toBe(1280 * 1024 ** 2);
    expect(parseQuantity("1.5Gi")).toBe(1.5 * 1024 ** 3);
    expect(parseQuantity("2G")).toBe(2e9);
    expect(parseQuantity("500m")).toBe(0.5);
    expect(parseQuantity("3")).toBe(3);
  });

  it("answers null for what is not a quantity", () => {
    expect(parseQuantity("lots")).toBeNull();
    expect(parseQuantity("12Qi")).toBeNull();
  });
});

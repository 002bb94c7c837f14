import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { pickKeySignal } from "../../../integrations/slack/pick-key-signal.ts";
import { renderSignalChart } from "../../../integrations/slack/render-signal-chart.ts";
import { cardRca } from "./rca-card-fixture.ts";

const PNG_SIGNATURE = "89504e470d0a1a0a";

function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("the key signal", () => {
  it("is the first metric evidence the top hypothesis cites, with the onset and the suspect change's time", () => {
    const signal = pickKeySignal(cardRca());
    expect(signal).toEqual({
      title: expect.stringContaining("http_requests_total"),
      points: [
        [1714557600, 0],
        [1714557660, 0.5],
        [1714557720, 12],
      ],
      onset: Date.parse("2024-05-01T10:01:00Z") / 1000,
      change: { at: Date.parse("2024-05-01T10:00:00Z") / 1000, label: "deploy checkout v42" },
      evidenceId: "ev-metr-errors",
    });
  });

  it("reads the metrics investigator's { points } data and prefers the hypothesis's own onset", () => {
    const rca = cardRca();
    rca.evidence[0]!.data = {
      service: "checkout",
      signal: "error-ratio",
      onset: 1714557700,
      points: [
        [1714557600, 0.01],
        [1714557660, 0.4],
      ],
    };
    rca.top!.onset = 1714557650;
    expect(pickKeySignal(rca)).toMatchObject({
      title: "checkout error-ratio",
      onset: 1714557650,
      points: [
        [1714557600, 0.01],
        [1714557660, 0.4],
      ],
    });
  });

  it("is absent when the RCA has no metric series", () => {
    const rca = cardRca();
    rca.evidence = rca.evidence.filter((item) => item.source !== "metrics");
    expect(pickKeySignal(rca)).toBeNull();
  });
});

describe("the signal chart", () => {
  const signal = pickKeySignal(cardRca())!;

  it("is a PNG of the requested size", () => {
    const png = renderSignalChart(signal, { width: 640, height: 240 });
    expect(png.subarray(0, 8).toString("hex")).toBe(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 640, height: 240 });
  });

  it("still renders without any font (CI containers have none)", () => {
    const png = renderSignalChart(signal, { loadSystemFonts: false });
    expect(png.subarray(0, 8).toString("hex")).toBe(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 800, height: 320 });
    // Not a blank canvas: the series and both markers are drawn in colour.
    expect(colouredPixels(png)).toBeGreaterThan(500);
  });
});

/** Counts pixels that are clearly not grey (lines are blue, the onset red, the change orange). */
function colouredPixels(png: Buffer): number {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="800" height="320"><image width="800" height="320" xlink:href="data:image/png;base64,${png.toString("base64")}"/></svg>`;
  const rgba = new Resvg(svg).render().pixels;
  let count = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const [r, g, b] = [rgba[i]!, rgba[i + 1]!, rgba[i + 2]!];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 80) count++;
  }
  return count;
}

import { Resvg } from "@resvg/resvg-js";
import * as echarts from "echarts";
import type { KeySignal } from "./pick-key-signal.ts";

export interface RenderSignalChartOptions {
  width?: number;
  height?: number;
  /**
   * Fonts for the labels. Without any (a bare container has no system fonts) the PNG still
   * renders, with the line and markers but without text.
   */
  fontFiles?: string[];
  loadSystemFonts?: boolean;
}

const ONSET_COLOR = "#d62728";
const CHANGE_COLOR = "#ff7f0e";

/**
 * The key signal as a PNG: echarts lays the chart out server-side as SVG, resvg rasterizes it.
 * The onset and the suspect change are vertical mark lines, labelled at opposite ends so that
 * they stay readable when they are close together.
 */
export function renderSignalChart(signal: KeySignal, options: RenderSignalChartOptions = {}): Buffer {
  const width = options.width ?? 800;
  const height = options.height ?? 320;
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      useUTC: true,
      backgroundColor: "#ffffff",
      textStyle: { fontFamily: "sans-serif" },
      title: { text: signal.title, left: "center", top: 8, textStyle: { fontSize: 14 } },
      grid: { left: 60, right: 40, top: 80, bottom: 40 },
      // The change may predate the series' window; the axis stretches so that its marker shows.
      xAxis: { type: "time", ...extent(signal) },
      yAxis: { type: "value", scale: true },
      series: [
        {
          type: "line",
          showSymbol: false,
          lineStyle: { width: 2, color: "#1f77b4" },
          data: signal.points.map(([t, v]) => [t * 1000, v]),
          markLine: { symbol: "none", silent: true, data: markers(signal) },
        },
      ],
    });
    const svg = chart.renderToSVGString();
    const font = {
      loadSystemFonts: options.loadSystemFonts ?? true,
      ...(options.fontFiles ? { fontFiles: options.fontFiles } : {}),
    };
    return new Resvg(svg, { background: "#ffffff", font }).render().asPng();
  } finally {
    chart.dispose();
  }
}

function extent(signal: KeySignal): { min: number; max: number } {
  const times = [...signal.points.map(([t]) => t), signal.onset, signal.change?.at].filter(
    (t): t is number => t !== null && t !== undefined,
  );
  const min = Math.min(...times);
  const max = Math.max(...times);
  // A margin, so that a marker at the very first or last moment is not hidden by the axis.
  const margin = Math.max(30, (max - min) * 0.04);
  return { min: (min - margin) * 1000, max: (max + margin) * 1000 };
}

function markers(signal: KeySignal) {
  const lines = [];
  if (signal.onset !== null) {
    lines.push({
      xAxis: signal.onset * 1000,
      lineStyle: { color: ONSET_COLOR, type: "dashed", width: 2 },
      label: { formatter: "onset", position: "end", color: ONSET_COLOR, distance: 4 },
    });
  }
  if (signal.change !== null) {
    lines.push({
      xAxis: signal.change.at * 1000,
      lineStyle: { color: CHANGE_COLOR, type: "solid", width: 2 },
      // Above the onset's label, so that the two stay apart when they are close in time.
      label: {
        formatter: plainLabel(signal.change.label),
        position: "end",
        color: CHANGE_COLOR,
        distance: 20,
      },
    });
  }
  return lines;
}

/** echarts reads `{name}` in a formatter string as a template; a change summary must stay literal. */
function plainLabel(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  return cut.replace(/[{}]/g, "");
}

/** Which way a signal moves when something is wrong: "up", "down" or "both". */
export type BadDirection = "up" | "down" | "both";

export function badDirection(signal: string, metricName: string): BadDirection {
  switch (signal) {
    case "availability":
      return "down";
    case "requests":
    case "network":
    case "other":
      return "both";
    case "disk":
      return /avail|free/.test(metricName) ? "down" : "up";
    case "cert-expiry":
      return "down";
    default:
      return "up";
  }
}

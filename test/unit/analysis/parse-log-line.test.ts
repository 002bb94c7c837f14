import { describe, expect, it } from "vitest";
import { normalizeLevel, parseLogLine } from "../../../src/analysis/parse-log-line.ts";

describe("parseLogLine", () => {
  it("reads message, level and error field of a JSON line", () => {
    const parsed = parseLogLine(
      '{"ts":"2024-05-01T10:00:00Z","level":"error","msg":"query failed","error":"pq: canceling statement due to statement timeout"}',
    );
    expect(parsed).toEqual({
      message: "query failed: pq: canceling statement due to statement timeout",
      level: "error",
      isError: true,
      format: "json",
    });
  });

  it("reads severity and pino-style numeric levels", () => {
    expect(parseLogLine('{"severity":"WARNING","message":"slow"}').level).toBe("warn");
    expect(parseLogLine('{"level":50,"msg":"boom"}')).toMatchObject({ level: "error", isError: true });
  });

  it("reads logfmt with quoted values", () => {
    expect(
      parseLogLine(
        'ts=2024-05-01T10:00:00Z level=error msg="dial tcp 10.0.0.7:5432: connect: connection refused"',
      ),
    ).toEqual({
      message: "dial tcp 10.0.0.7:5432: connect: connection refused",
      level: "error",
      isError: true,
      format: "logfmt",
    });
  });

  it("strips a timestamp and level prefix from plain text", () => {
    expect(parseLogLine("21:30:27.187 ERROR e.s.ExecuteServiceImpl#69 ticket execute error")).toEqual({
      message: "e.s.ExecuteServiceImpl#69 ticket execute error",
      level: "error",
      isError: true,
      format: "plain",
    });
    expect(parseLogLine("2024-05-01 10:00:00,123 - payments - WARNING - retrying charge")).toMatchObject({
      message: "retrying charge",
      level: "warn",
    });
    expect(parseLogLine("E0501 10:00:00.000000       1 controller.go:42] sync failed")).toMatchObject({
      message: "sync failed",
      level: "error",
    });
  });

  it("treats an unlevelled crash as an error but not a warning that mentions an exception", () => {
    expect(parseLogLine("panic: runtime error: index out of range [3] with length 3").isError).toBe(true);
    expect(parseLogLine("Traceback (most recent call last):").isError).toBe(true);
    expect(parseLogLine("WARN retry after java.net.SocketTimeoutException: Read timed out").isError).toBe(
      false,
    );
    expect(parseLogLine("GetCartAsync called with userId=42").isError).toBe(false);
  });

  it("takes the stream's level when the line has none", () => {
    expect(parseLogLine("Cannot charge card", "error")).toMatchObject({ level: "error", isError: true });
    expect(parseLogLine('{"level":"info","msg":"ok"}', "error").level).toBe("info");
  });
});

describe("normalizeLevel", () => {
  it("maps level words and syslog names", () => {
    expect(normalizeLevel("CRITICAL")).toBe("fatal");
    expect(normalizeLevel("err")).toBe("error");
    expect(normalizeLevel("notice")).toBe("info");
    expect(normalizeLevel("chatty")).toBe("unknown");
  });
});

import { describe, expect, it } from "vitest";
import { MalformedJsonError, PayloadTooLargeError } from "../../../src/http/http-errors.ts";
import { mapError } from "../../../src/http/map-error.ts";
import {
  IngestOverloadedError,
  InvalidPayloadError,
  UnauthorizedError,
} from "../../../src/ingest/ingest-errors.ts";
import { StoreUnavailableError } from "../../../src/store/store-errors.ts";

function pgError(code: string, message = "pg says no"): Error {
  return Object.assign(new Error(message), { code });
}

describe("mapError", () => {
  it("maps each refusal to its status and code", () => {
    expect(mapError(new PayloadTooLargeError(1024))).toMatchObject({
      status: 413,
      code: "payload_too_large",
    });
    expect(mapError(new MalformedJsonError("nope"))).toMatchObject({ status: 400, code: "malformed_json" });
    expect(mapError(new InvalidPayloadError("alerts.0.startsAt: bad", "alerts.0.startsAt"))).toEqual({
      status: 400,
      code: "invalid_payload",
      message: "alerts.0.startsAt: bad",
      field: "alerts.0.startsAt",
    });
    expect(mapError(new UnauthorizedError("no"))).toMatchObject({ status: 401, code: "unauthorized" });
  });

  it("answers 503 whenever the database is unreachable, however pg says it", () => {
    for (const error of [
      new StoreUnavailableError("down"),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      Object.assign(new Error("connect ENOENT /var/run/postgresql/.s.PGSQL.5432"), {
        code: "ENOENT",
        syscall: "connect",
      }),
      pgError("57P01", "terminating connection due to administrator command"),
      pgError("08006"),
      pgError("53300", "too many connections"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new Error("wrapped", { cause: pgError("57P03") }),
    ]) {
      expect(mapError(error), error.message).toMatchObject({ status: 503, code: "database_unavailable" });
    }
  });

  it("answers 503 to a delivery shed because too many wait to be stored, so that the sender retries", () => {
    expect(mapError(new IngestOverloadedError("4096 items are already waiting"))).toMatchObject({
      status: 503,
      code: "overloaded",
    });
  });

  it("answers 500 without details for bugs, including SQL errors that are ours", () => {
    expect(mapError(new TypeError("x is undefined"))).toEqual({
      status: 500,
      code: "internal_error",
      message: "internal error",
    });
    expect(mapError(pgError("42703", "column does not exist"))).toMatchObject({ status: 500 });
    expect(mapError(pgError("23505", "duplicate key"))).toMatchObject({ status: 500 });
  });
});

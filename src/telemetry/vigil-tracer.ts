import { trace } from "@opentelemetry/api";

/** Vigil's tracer; a no-op until `startTelemetry` registers an SDK. */
export const vigilTracer = trace.getTracer("vigil");

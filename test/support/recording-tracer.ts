import {
  INVALID_SPAN_CONTEXT,
  type Span,
  type SpanAttributes,
  type SpanAttributeValue,
  type SpanKind,
  type SpanOptions,
  type SpanStatus,
  type Tracer,
} from "@opentelemetry/api";

export interface RecordedSpan {
  name: string;
  kind: SpanKind | undefined;
  attributes: Record<string, SpanAttributeValue | undefined>;
  status: SpanStatus | null;
  ended: boolean;
}

/**
 * An OpenTelemetry `Tracer` that keeps every span it starts, with its attributes and status, for
 * assertions; the API's own no-op tracer records nothing and the SDK is not a dependency here.
 */
export function createRecordingTracer(): { tracer: Tracer; spans: RecordedSpan[] } {
  const spans: RecordedSpan[] = [];
  const startSpan = (name: string, options: SpanOptions = {}): Span => {
    const recorded: RecordedSpan = {
      name,
      kind: options.kind,
      attributes: { ...(options.attributes ?? {}) },
      status: null,
      ended: false,
    };
    spans.push(recorded);
    const span: Span = {
      spanContext: () => INVALID_SPAN_CONTEXT,
      setAttribute(key, value) {
        recorded.attributes[key] = value;
        return span;
      },
      setAttributes(attributes: SpanAttributes) {
        Object.assign(recorded.attributes, attributes);
        return span;
      },
      addEvent: () => span,
      addLink: () => span,
      addLinks: () => span,
      setStatus(status) {
        recorded.status = status;
        return span;
      },
      updateName(next) {
        recorded.name = next;
        return span;
      },
      end() {
        recorded.ended = true;
      },
      isRecording: () => !recorded.ended,
      recordException: () => {},
    };
    return span;
  };
  const tracer: Tracer = {
    startSpan,
    startActiveSpan(name: string, ...rest: unknown[]) {
      const fn = rest[rest.length - 1] as (span: Span) => unknown;
      const options = (typeof rest[0] === "object" ? rest[0] : {}) as SpanOptions;
      return fn(startSpan(name, options));
    },
  } as Tracer;
  return { tracer, spans };
}

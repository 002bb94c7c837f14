import { z } from "zod";

const evidenceIds = z.array(z.string().max(100)).max(20);

/**
 * What the critique phase must answer. Objects are not strict: a key the model adds (a proposed
 * action, a new hypothesis) is dropped, never acted on; only these fields are read.
 */
export const critiqueSchema = z.object({
  critiques: z
    .array(
      z.object({
        hypothesis: z.string().describe("A hypothesis id from the case file: h1, h2, ..."),
        verdict: z.enum(["supported", "weakened", "unclear"]),
        reason: z.string().min(1).max(1_000),
        evidenceIds,
      }),
    )
    .max(20),
  order: z.array(z.string()).max(20).describe("Hypothesis ids, most likely first"),
});

/** What the narrative phase must answer: a few claims, each with the evidence ids it rests on. */
export const narrativeSchema = z.object({
  claims: z
    .array(z.object({ text: z.string().min(1).max(1_000), evidenceIds }))
    .min(1)
    .max(12),
});

export type CritiqueOutput = z.output<typeof critiqueSchema>;
export type NarrativeOutput = z.output<typeof narrativeSchema>;

export type ParsedOutput<T> = { ok: true; value: T } | { ok: false; detail: string };

/**
 * The model's reply as the schema's type. Models often wrap JSON in a Markdown fence or a sentence;
 * the outermost `{...}` is taken. Anything else, or JSON the schema refuses, is invalid output.
 */
export function parseModelJson<T>(text: string, schema: z.ZodType<T>): ParsedOutput<T> {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start === -1 || end < start) return { ok: false, detail: "the reply holds no JSON object" };
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    return { ok: false, detail: `the reply is not valid JSON: ${(error as Error).message}`.slice(0, 300) };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      detail: `the reply does not match the schema: ${z.prettifyError(parsed.error)}`.slice(0, 500),
    };
  return { ok: true, value: parsed.data };
}

/** The schema as JSON Schema text for a prompt. */
export function schemaText(schema: z.ZodType): string {
  return JSON.stringify(z.toJSONSchema(schema));
}

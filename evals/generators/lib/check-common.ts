/** Small helpers the case checks share. */
export type Json = Record<string, unknown>;
export type Err = (path: string, message: string) => void;
export const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A label value as a PromQL/LogQL double-quoted string body: backslashes and quotes escaped. */
export function labelLiteral(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

/** A value matched literally inside a `=~` regex, as a double-quoted string body. */
export function regexLiteral(value: string): string {
  return labelLiteral(value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
}

/**
 * Pretty JSON for people and for diffs, except that every element of a `sources` array sits
 * on one line: a case stays readable and small.
 */
export function serializeCase(value: Record<string, unknown>): string {
  const print = (v: unknown, indent: string, compact: boolean): string => {
    if (compact || v === null || typeof v !== "object") return JSON.stringify(v);
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      if (v.every((x) => x === null || typeof x !== "object")) return JSON.stringify(v);
      return `[\n${v.map((x) => `${inner}${print(x, inner, false)}`).join(",\n")}\n${indent}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${print(x, inner, false)}`).join(",\n")}\n${indent}}`;
  };
  const lines: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key === "sources" && v && typeof v === "object") {
      const parts = Object.entries(v as Record<string, unknown>).map(([name, list]) => {
        const items = Array.isArray(list) ? list : [];
        const body =
          items.length === 0
            ? "[]"
            : `[\n${items.map((x) => `      ${JSON.stringify(x)}`).join(",\n")}\n    ]`;
        return `    ${JSON.stringify(name)}: ${body}`;
      });
      lines.push(`  "sources": {\n${parts.join(",\n")}\n  }`);
    } else lines.push(`  ${JSON.stringify(key)}: ${print(v, "  ", false)}`);
  }
  return `{\n${lines.join(",\n")}\n}\n`;
}

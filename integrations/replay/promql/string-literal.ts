/**
 * Decodes a quoted PromQL/LogQL string the way Go's strconv.Unquote does (both languages use
 * it): backticks are raw, double and single quotes take Go escapes, and an unknown escape such
 * as `"\."` is an error there, so it is one here too (write `"\\."`).
 */
export function unquoteString(raw: string): string {
  const quote = raw[0];
  const body = raw.slice(1, -1);
  if (quote === "`") return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== "\\") {
      out += char;
      continue;
    }
    const next = body[++i];
    switch (next) {
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "v":
        out += "\v";
        break;
      case "\\":
        out += "\\";
        break;
      case '"':
      case "'":
        if (next !== quote) throw new Error(`unknown escape sequence \\${next}`);
        out += next;
        break;
      case "x":
      case "u":
      case "U": {
        const width = next === "x" ? 2 : next === "u" ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + width);
        if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex))
          throw new Error(`invalid escape \\${next}${hex}`);
        out += String.fromCodePoint(Number.parseInt(hex, 16));
        i += width;
        break;
      }
      default: {
        const octal = body.slice(i, i + 3);
        if (/^[0-7]{3}$/.test(octal)) {
          out += String.fromCharCode(Number.parseInt(octal, 8));
          i += 2;
          break;
        }
        throw new Error(`unknown escape sequence \\${next ?? ""}`);
      }
    }
  }
  return out;
}

/** What a redacted secret is replaced with; the kind stays so the model still knows one was there. */
const mark = (kind: string) => `[REDACTED ${kind}]`;

// Key names whose values are secrets wherever they appear: `password=...`, `"apiKey": "..."`,
// `DB_PASSWORD: ...`, `X-Api-Key: ...`. Not bare `key`: flag and config keys are names, not secrets.
const SECRET_NAME =
  "[A-Za-z0-9_.-]*(?:passw(?:or)?d|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|" +
  "client[_-]?secret|credentials?|authorization|session[_-]?id|cookie|signature)[A-Za-z0-9_.-]*";

interface Rule {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

/** Order matters: whole structures (keys, URLs, JWTs) first, so later rules see their redaction marks. */
const RULES: Rule[] = [
  {
    // PEM private keys, also when a log line cut them short.
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)/g,
    replace: () => mark("private key"),
  },
  {
    // Credentials inside URLs and connection strings: postgres://user:pass@host, redis://:pass@host.
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/?#@'"]*):([^\s@/?#'"]+)@/gi,
    replace: (_match, scheme, user) => `${scheme}${user}:${mark("password")}@`,
  },
  {
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
    replace: () => mark("jwt"),
  },
  {
    pattern: /\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi,
    replace: (_match, scheme) => `${scheme} ${mark("credential")}`,
  },
  {
    // Basic credentials are base64; the lookahead keeps "basic information" in a log line as it is.
    pattern: /\b(Basic)\s+(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}=*/gi,
    replace: (_match, scheme) => `${scheme} ${mark("credential")}`,
  },
  {
    // Kubernetes env entries name the secret in one field and hold it in the next:
    // {"name": "DB_PASSWORD", "value": "..."}.
    pattern: new RegExp(
      `("name"\\s*:\\s*"(?:${SECRET_NAME})"\\s*,\\s*"value"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`,
      "gi",
    ),
    replace: (_match, head) => `${head}"${mark("secret")}"`,
  },
  {
    // AWS access key ids (the secret key has no shape of its own; its key name gives it away below).
    pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    replace: () => mark("aws access key"),
  },
  {
    // Provider tokens with a recognisable prefix: GitHub, Slack, OpenAI/Anthropic, Stripe, Google, npm, GitLab.
    pattern:
      /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk-(?:ant-|proj-)?[A-Za-z0-9_-]{20,}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|glpat-[A-Za-z0-9_-]{20,})\b/g,
    replace: () => mark("token"),
  },
  {
    // name=value, name: value, "name": "value", name='value' (env dumps, logfmt, JSON, headers, DSNs).
    pattern: new RegExp(
      `(["']?)\\b(${SECRET_NAME})\\1(\\s*[:=]\\s*)(?:"((?:[^"\\\\]|\\\\.)*)"|'([^']*)'|([^\\s"',;&{}[\\]]+))`,
      "gi",
    ),
    replace: (match, quote, name, separator, doubleQuoted, singleQuoted, bare) => {
      const value = doubleQuoted ?? singleQuoted ?? bare ?? "";
      // Already redacted by a rule above, or an empty value: nothing to hide.
      if (value === "" || value.startsWith("[REDACTED")) return match;
      const wrap = doubleQuoted !== undefined ? '"' : singleQuoted !== undefined ? "'" : "";
      return `${quote}${name}${quote}${separator}${wrap}${mark("secret")}${wrap}`;
    },
  },
];

/**
 * Removes what looks like a credential from text before it leaves the process for a model: private
 * keys, passwords in URLs and connection strings, JWTs, bearer/basic credentials, AWS access key
 * ids, provider tokens with known prefixes, and the values of secret-named keys. It errs toward
 * redacting: a false positive costs the model one value, a miss leaks a secret.
 */
export function redactSecrets(text: string): string {
  let redacted = text;
  for (const rule of RULES) {
    redacted = redacted.replace(
      rule.pattern,
      rule.replace as (match: string, ...groups: unknown[]) => string,
    );
  }
  return redacted;
}

const SECRET_KEY = new RegExp(`^(?:${SECRET_NAME})$`, "i");

/**
 * `redactSecrets` over structured data, before it is serialised: every string is redacted, and the
 * value of a secret-named key is replaced whole. Text quoted as JSON escapes its quotes, which
 * would hide `{"password":"..."}` inside a log line from the text rules; here it is still raw.
 */
export function redactData(data: unknown): unknown {
  if (typeof data === "string") return redactSecrets(data);
  if (Array.isArray(data)) return data.map(redactData);
  if (typeof data === "object" && data !== null) {
    return Object.fromEntries(
      Object.entries(data).map(([key, value]) => [
        key,
        SECRET_KEY.test(key) && (typeof value === "string" || typeof value === "number")
          ? mark("secret")
          : redactData(value),
      ]),
    );
  }
  return data;
}

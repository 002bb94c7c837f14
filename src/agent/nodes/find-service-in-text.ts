/**
 * Finds which known service a free-text title names (PagerDuty alerts often carry nothing else).
 * The longest name that appears as a whole word wins, so "payments-db" beats "payments".
 */
export function findServiceInText(text: string, knownServices: string[]): string | null {
  const haystack = text.toLowerCase();
  const candidates = [...knownServices].sort((a, b) => b.length - a.length);
  for (const service of candidates) {
    const name = service.toLowerCase();
    let from = haystack.indexOf(name);
    while (from !== -1) {
      const before = haystack[from - 1];
      const after = haystack[from + name.length];
      if (!isWordChar(before) && !isWordChar(after)) return service;
      from = haystack.indexOf(name, from + 1);
    }
  }
  return null;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[a-z0-9_-]/.test(char);
}

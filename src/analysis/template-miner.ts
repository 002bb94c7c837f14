import { MASK_PLACEHOLDERS, maskLogText } from "./mask-log-text.ts";
import { parseLogLine } from "./parse-log-line.ts";

export interface TemplateMinerOptions {
  /** Depth of the parse tree as in Drain: the first depth − 2 tokens route a line. Default 4. */
  depth?: number;
  /** Share of equal tokens for a line to join a template (Drain's st). Default 0.4. */
  similarity?: number;
  /** Children per tree node before new tokens fall into the wildcard child. Default 100. */
  maxChildren?: number;
  /** Longer messages are cut to this many tokens, so a stack dump cannot blow up the tree. Default 64. */
  maxTokens?: number;
}

export interface LogTemplate {
  /** Stable for the life of the miner: "t1", "t2", ... in order of first appearance. */
  id: string;
  /** The template, variable positions as "<*>" and masked values as their placeholder. */
  text: string;
  count: number;
  /** The first message (unmasked) that created the template. */
  sample: string;
}

export interface TemplateMiner {
  /** Adds one line (raw JSON, logfmt or plain; its message is mined) and returns its template id. */
  add(line: string): string;
  /** Adds an already extracted message (no JSON/logfmt/prefix parsing) and returns its template id. */
  addMessage(message: string): string;
  get(id: string): LogTemplate | undefined;
  /** All templates, in order of first appearance. */
  templates(): LogTemplate[];
}

const WILDCARD = "<*>";
const VARIABLE = new Set<string>([WILDCARD, ...MASK_PLACEHOLDERS]);

interface Cluster {
  id: string;
  tokens: string[];
  count: number;
  sample: string;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  clusters: Cluster[];
}

const newNode = (): TreeNode => ({ children: new Map(), clusters: [] });

// Share of the line's constant tokens that the template has in the same place. Masked values
// (<HEX>, <NUM>, ...) and the labels in front of them ("TraceID:", "user=") do not count:
// otherwise unrelated messages behind the same masked prefix ("TraceID: <HEX> SpanID: <HEX> ...")
// look alike.
function similarity(
  template: readonly string[],
  tokens: readonly string[],
): { score: number; variables: number } {
  let equal = 0;
  let constants = 0;
  let variables = 0;
  template.forEach((token, i) => {
    if (token === WILDCARD) variables++;
    const own = tokens[i]!;
    if (VARIABLE.has(own) || (/[:=]$/.test(own) && VARIABLE.has(tokens[i + 1] ?? ""))) return;
    constants++;
    if (token === own) equal++;
  });
  return { score: constants === 0 ? 1 : equal / constants, variables };
}

/**
 * Drain (He et al., ICWS 2017): lines are masked, tokenized on whitespace and routed by token
 * count and their first tokens (tokens with digits go to a wildcard branch) to a small list of
 * templates; a line joins the most similar template when the share of its constant tokens the
 * template shares reaches `similarity`, turning the positions that differ into "<*>", or else starts a new template.
 */
export function createTemplateMiner(options: TemplateMinerOptions = {}): TemplateMiner {
  const prefixDepth = Math.max(1, (options.depth ?? 4) - 2);
  const threshold = options.similarity ?? 0.4;
  const maxChildren = options.maxChildren ?? 100;
  const maxTokens = options.maxTokens ?? 64;
  const root = new Map<number, TreeNode>();
  const byId = new Map<string, Cluster>();

  function leafFor(tokens: readonly string[]): TreeNode {
    let node = root.get(tokens.length);
    if (!node) {
      node = newNode();
      root.set(tokens.length, node);
    }
    for (const token of tokens.slice(0, prefixDepth)) {
      let key = VARIABLE.has(token) || /\d/.test(token) ? WILDCARD : token;
      if (!node.children.has(key) && node.children.size >= maxChildren) key = WILDCARD;
      let child = node.children.get(key);
      if (!child) {
        child = newNode();
        node.children.set(key, child);
      }
      node = child;
    }
    return node;
  }

  function addMessage(message: string): string {
    const tokens = maskLogText(message).split(/\s+/).filter(Boolean).slice(0, maxTokens);
    const leaf = leafFor(tokens);
    let best: Cluster | undefined;
    let bestScore = -1;
    let bestVariables = -1;
    for (const cluster of leaf.clusters) {
      const { score, variables } = similarity(cluster.tokens, tokens);
      if (score > bestScore || (score === bestScore && variables > bestVariables)) {
        best = cluster;
        bestScore = score;
        bestVariables = variables;
      }
    }
    if (best && bestScore >= threshold) {
      best.tokens = best.tokens.map((token, i) => (token === tokens[i] ? token : WILDCARD));
      best.count++;
      return best.id;
    }
    const cluster: Cluster = { id: `t${byId.size + 1}`, tokens, count: 1, sample: message };
    leaf.clusters.push(cluster);
    byId.set(cluster.id, cluster);
    return cluster.id;
  }

  const view = (cluster: Cluster): LogTemplate => ({
    id: cluster.id,
    text: cluster.tokens.join(" "),
    count: cluster.count,
    sample: cluster.sample,
  });

  return {
    add: (line) => addMessage(parseLogLine(line).message),
    addMessage,
    get: (id) => {
      const cluster = byId.get(id);
      return cluster ? view(cluster) : undefined;
    },
    templates: () => [...byId.values()].map(view),
  };
}

import type { Token } from "./lexer.ts";

/** Cursor over lexer tokens with the accept/expect helpers both query parsers use. */
export class TokenStream {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.index] as Token;
  }

  next(): Token {
    const token = this.peek();
    if (token.type !== "eof") this.index++;
    return token;
  }

  acceptPunct(text: string): boolean {
    const token = this.peek();
    if (token.type !== "punct" || token.text !== text) return false;
    this.index++;
    return true;
  }

  acceptIdent(text: string): boolean {
    const token = this.peek();
    if (token.type !== "ident" || token.text !== text) return false;
    this.index++;
    return true;
  }

  expectPunct(text: string): void {
    if (!this.acceptPunct(text))
      throw new SyntaxError(`expected "${text}", got ${describeToken(this.peek())}`);
  }

  expectType(type: Token["type"], what: string): Token {
    const token = this.next();
    if (token.type !== type) throw new SyntaxError(`expected ${what}, got ${describeToken(token)}`);
    return token;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.type !== "eof") throw new SyntaxError(`unexpected ${describeToken(token)}`);
  }
}

export function describeToken(token: Token): string {
  return token.type === "eof" ? "end of input" : `"${token.text}" at position ${token.position}`;
}

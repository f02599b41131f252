// A strict JSON parser that keeps the line of every value and every object key, and rejects duplicate keys (which
// CloudFormation would otherwise resolve silently to the last one). Errors carry line and column.

export type JsonNode =
  | { type: 'object'; line: number; entries: Map<string, { keyLine: number; value: JsonNode }> }
  | { type: 'array'; line: number; items: JsonNode[] }
  | { type: 'string'; line: number; value: string }
  | { type: 'number'; line: number; value: number }
  | { type: 'boolean'; line: number; value: boolean }
  | { type: 'null'; line: number; value: null };

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
  }
}

export function parseJsonWithPositions(text: string): JsonNode {
  let index = 0;
  let line = 1;
  let lineStart = 0;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, line, index - lineStart + 1);
  };
  const skipWhitespace = () => {
    for (;;) {
      const c = text.charCodeAt(index);
      if (c === 10) {
        line++;
        index++;
        lineStart = index;
      } else if (c === 32 || c === 9 || c === 13) index++;
      else return;
    }
  };
  const expect = (char: string) => {
    if (text[index] !== char)
      fail(`expected '${char}' but found ${index < text.length ? `'${text[index]}'` : 'end of input'}`);
    index++;
  };

  const parseString = (): string => {
    expect('"');
    let out = '';
    let start = index;
    for (;;) {
      if (index >= text.length) fail('unterminated string');
      const c = text.charCodeAt(index);
      if (c === 34) break;
      if (c < 32) fail('control character in string');
      if (c === 92) {
        out += text.slice(start, index);
        const escape = text[index + 1];
        index += 2;
        switch (escape) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            const hex = text.slice(index, index + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            index += 4;
            break;
          }
          default:
            fail(`bad escape \\${escape ?? ''}`);
        }
        start = index;
        continue;
      }
      index++;
    }
    out += text.slice(start, index);
    index++;
    return out;
  };

  const parseValue = (depth: number): JsonNode => {
    if (depth > 512) fail('nesting too deep');
    skipWhitespace();
    const at = line;
    const c = text[index];
    if (c === '{') {
      index++;
      const entries = new Map<string, { keyLine: number; value: JsonNode }>();
      skipWhitespace();
      if (text[index] === '}') {
        index++;
        return { type: 'object', line: at, entries };
      }
      for (;;) {
        skipWhitespace();
        const keyLine = line;
        const key = parseString();
        if (entries.has(key)) fail(`duplicate key "${key}"`);
        skipWhitespace();
        expect(':');
        const value = parseValue(depth + 1);
        entries.set(key, { keyLine, value });
        skipWhitespace();
        if (text[index] === ',') {
          index++;
          continue;
        }
        expect('}');
        return { type: 'object', line: at, entries };
      }
    }
    if (c === '[') {
      index++;
      const items: JsonNode[] = [];
      skipWhitespace();
      if (text[index] === ']') {
        index++;
        return { type: 'array', line: at, items };
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        skipWhitespace();
        if (text[index] === ',') {
          index++;
          continue;
        }
        expect(']');
        return { type: 'array', line: at, items };
      }
    }
    if (c === '"') return { type: 'string', line: at, value: parseString() };
    if (text.startsWith('true', index)) {
      index += 4;
      return { type: 'boolean', line: at, value: true };
    }
    if (text.startsWith('false', index)) {
      index += 5;
      return { type: 'boolean', line: at, value: false };
    }
    if (text.startsWith('null', index)) {
      index += 4;
      return { type: 'null', line: at, value: null };
    }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(index, index + 64));
    if (number) {
      index += number[0].length;
      return { type: 'number', line: at, value: Number(number[0]) };
    }
    return fail(index >= text.length ? 'unexpected end of input' : `unexpected character '${c}'`);
  };

  if (text.charCodeAt(0) === 0xfeff) index = 1;
  const root = parseValue(0);
  skipWhitespace();
  if (index < text.length) fail('unexpected content after the JSON value');
  return root;
}

/** Plain JavaScript value of a node (no positions). */
export function plain(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries([...node.entries].map(([key, entry]) => [key, plain(entry.value)]));
    case 'array':
      return node.items.map(plain);
    default:
      return node.value;
  }
}

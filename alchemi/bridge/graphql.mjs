// Parser for the subset of GraphQL that prisma-client-py renders (prisma/_builder.py):
//
//   mutation {
//     result: createOneUser
//     (
//       data: { name: "Ann" tags: ["a", "b"] }
//     )
//     {
//       id
//       posts( where: { published: true } ) { id title }
//     }
//   }
//
// One operation (`query` or `mutation`) holding one root field with optional arguments and a
// selection set. Argument values are JSON literals (prisma-client-py writes them with
// json.dumps) plus GraphQL objects and lists; commas are insignificant, as in GraphQL.
// Variables, fragments and directives are never produced and are rejected.

/**
 * An integer literal too large for a JS number (beyond 2^53). translate.mjs sends it as a
 * BigInt or Decimal typed value where the schema says so; anywhere else it serializes as a
 * plain (rounded) number, which is what the value means in a Float or Int position.
 */
export class IntegerLiteral {
  constructor(text) {
    this.text = text;
  }

  toJSON() {
    return Number(this.text);
  }
}

export class GraphQLSyntaxError extends Error {
  constructor(message, source, offset) {
    const near = JSON.stringify(source.slice(offset, offset + 40));
    super(`Error parsing GraphQL query: ${message} at offset ${offset} near ${near}`);
    this.name = 'GraphQLSyntaxError';
  }
}

// Whitespace and commas separate tokens; a token is a punctuator, string, number or name.
const SKIP = /[\s,]*/y;
const TOKEN = /([{}()[\]:])|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|([A-Za-z_]\w*)/y;

/**
 * Parse a query document into `{ operation, field }` where a field is
 * `{ alias, name, args: object|null, selection: field[]|null }`.
 */
export function parseQuery(source) {
  let pos = 0;
  let tok = null; // current token: { punct } | { string } | { number } | { name }, or null at end
  let tokStart = 0;

  const fail = (message) => {
    throw new GraphQLSyntaxError(message, source, tokStart);
  };
  const advance = () => {
    SKIP.lastIndex = pos;
    SKIP.exec(source);
    tokStart = SKIP.lastIndex;
    if (tokStart >= source.length) {
      tok = null;
      return;
    }
    TOKEN.lastIndex = tokStart;
    const m = TOKEN.exec(source);
    if (!m) fail('unexpected character');
    pos = TOKEN.lastIndex;
    if (m[1]) tok = { punct: m[1] };
    else if (m[2]) tok = { string: m[2] };
    else if (m[3]) tok = { number: m[3] };
    else tok = { name: m[4] };
  };
  const isPunct = (p) => tok !== null && tok.punct === p;
  const expectPunct = (p) => {
    if (!isPunct(p)) fail(`expected \`${p}\``);
    advance();
  };
  const expectName = () => {
    if (tok === null || tok.name === undefined) fail('expected a name');
    const { name } = tok;
    advance();
    return name;
  };
  // No Prisma name can be `__proto__`; as an object key it would set the object's prototype.
  const expectKey = () => {
    const key = expectName();
    if (key === '__proto__') fail('unexpected key `__proto__`');
    return key;
  };

  const parseValue = () => {
    if (tok === null) fail('unexpected end of query');
    if (tok.string !== undefined) {
      let value;
      try {
        value = JSON.parse(tok.string);
      } catch {
        fail('invalid string literal');
      }
      advance();
      return value;
    }
    if (tok.number !== undefined) {
      const text = tok.number;
      advance();
      const n = Number(text);
      const isInteger = /^-?\d+$/.test(text);
      return isInteger && !Number.isSafeInteger(n) ? new IntegerLiteral(text) : n;
    }
    if (tok.name !== undefined) {
      const { name } = tok;
      advance();
      if (name === 'true') return true;
      if (name === 'false') return false;
      if (name === 'null') return null;
      return name; // an enum value written without quotes
    }
    if (isPunct('{')) return parseObject();
    if (isPunct('[')) {
      advance();
      const list = [];
      while (!isPunct(']')) list.push(parseValue());
      advance();
      return list;
    }
    return fail('expected a value');
  };
  const parseObject = () => {
    expectPunct('{');
    const object = {};
    while (!isPunct('}')) {
      const key = expectKey();
      expectPunct(':');
      object[key] = parseValue();
    }
    advance();
    return object;
  };
  const parseArguments = () => {
    expectPunct('(');
    const args = {};
    while (!isPunct(')')) {
      const key = expectKey();
      expectPunct(':');
      args[key] = parseValue();
    }
    advance();
    return args;
  };
  const parseField = () => {
    let alias = null;
    let name = expectName();
    if (isPunct(':')) {
      advance();
      alias = name;
      name = expectName();
    }
    const args = isPunct('(') ? parseArguments() : null;
    let selection = null;
    if (isPunct('{')) {
      advance();
      selection = [];
      while (!isPunct('}')) selection.push(parseField());
      advance();
    }
    return { alias, name, args, selection };
  };

  advance();
  const operation = expectName();
  if (operation !== 'query' && operation !== 'mutation') fail('expected `query` or `mutation`');
  expectPunct('{');
  const field = parseField();
  expectPunct('}');
  if (tok !== null) fail('expected the end of the query');
  return { operation, field };
}

// What the bridge needs to know about the Prisma schema (the "datamodel", PRISMA_DML_PATH):
// each model's fields with their types, so that translate.mjs can tell a Json field from a
// String one and a relation from a scalar, and the datasource URL.
//
// This is deliberately not a full Prisma schema parser: the schema has already been
// validated by `prisma generate`, and the wasm engine parses it again for real.

/** @typedef {{ name: string, type: string, kind: 'scalar'|'enum'|'object', isList: boolean }} Field */
/** @typedef {{ name: string, fields: Map<string, Field> }} Model */

const BLOCK_START = /\b(model|view|type|enum|datasource|generator)\s+(\w+)\s*\{/g;

/** Parse the schema text into `{ models: Map<name, Model>, enums: Set<name>, datasources }`. */
export function parseDatamodel(text) {
  const source = stripComments(text);
  const blocks = [];
  for (const m of source.matchAll(BLOCK_START)) {
    const start = m.index + m[0].length;
    blocks.push({ keyword: m[1], name: m[2], body: source.slice(start, closingBrace(source, start)) });
  }

  const enums = new Set(blocks.filter((b) => b.keyword === 'enum').map((b) => b.name));
  const objectTypes = new Set(blocks.filter((b) => ['model', 'view', 'type'].includes(b.keyword)).map((b) => b.name));
  const models = new Map();
  for (const block of blocks) {
    if (!objectTypes.has(block.name)) continue;
    const fields = new Map();
    for (const line of block.body.split('\n')) {
      const m = /^\s*(\w+)\s+(\w+)(\[\])?\??/.exec(line);
      if (!m) continue; // blank lines and block attributes (@@id, @@unique, ...)
      const [, name, type, list] = m;
      const kind = objectTypes.has(type) ? 'object' : enums.has(type) ? 'enum' : 'scalar';
      fields.set(name, { name, type, kind, isList: Boolean(list) });
    }
    models.set(block.name, { name: block.name, fields });
  }

  const datasources = blocks.filter((b) => b.keyword === 'datasource').map((b) => ({ name: b.name, ...datasourceUrl(b.body) }));
  return { models, enums, datasources };
}

// `url = env("DATABASE_URL")` or `url = "postgresql://..."`
function datasourceUrl(body) {
  const m = /^\s*url\s*=\s*(?:env\(\s*"([^"]+)"\s*\)|"((?:[^"\\]|\\.)*)")/m.exec(body);
  if (!m) return { urlEnv: null, url: null };
  return m[1] ? { urlEnv: m[1], url: null } : { urlEnv: null, url: JSON.parse(`"${m[2]}"`) };
}

// Remove `//` comments (including `///` doc comments) outside string literals.
function stripComments(text) {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

// Index of the `}` closing the block whose body starts at `start` (braces in strings ignored).
function closingBrace(text, start) {
  let depth = 1;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced braces in the Prisma schema');
}

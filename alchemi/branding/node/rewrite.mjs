// The rewriter: user-visible product names and upstream links in the compiled dashboard.
//
// JS is parsed (acorn) and only the values of string literals and template-literal text are
// rewritten, never identifiers, property names written as identifiers, regexes or code. A
// literal's syntactic context decides whether it is display text or a value the code compares
// or looks up (see `context`); branded values in the second kind must be listed in
// rules.PROTECTED and are kept verbatim. HTML is parsed (parse5): text nodes and attribute
// values are rewritten, inline scripts go through the JS rewriter. RSC payloads are rows of
// JSON; their string contents are rewritten without changing the row structure.
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { parse as parseHtml } from 'parse5';
import { PROTECTED, DISPLAY_KEYS, RULE_PROBE, TEXT_RULES } from './rules.mjs';

export class BrandingError extends Error {}

/** Counters and findings of one build; `problems` fail the build. */
export function newReport() {
  return { rules: {}, literals: { rewritten: 0, protected: 0 }, protectedSeen: {}, problems: [], files: {} };
}

const bump = (obj, key, n = 1) => { obj[key] = (obj[key] || 0) + n; };

/** `text(s) -> s'` applying TEXT_RULES with the build's link targets; counts each rule. */
export function textRewriter({ docs, support }, report) {
  const rules = TEXT_RULES.map((r) => ({
    ...r,
    to: r.replace.replace('{docs}', docs).replace('{support}', support),
  }));
  return (s) => {
    if (!RULE_PROBE.test(s)) return s;
    let out = s;
    for (const r of rules) {
      out = out.replace(r.pattern, (...m) => {
        bump(report.rules, r.name);
        return r.to.replace(/\$(\d)/g, (_, i) => m[+i] ?? '');
      });
    }
    return out;
  };
}

const LOOKUP_METHODS = new Set(['includes', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'has', 'get',
  'hasOwnProperty', 'localeCompare']);
const EQUALITY = new Set(['==', '===', '!=', '!==']);
const memberName = (m) => (m && m.type === 'MemberExpression' && !m.computed ? m.property.name : null);

/**
 * How a string literal is used, from its parents: 'compare' (an operand of ==/!=, a switch
 * case), 'lookup' (a computed member key, an object key, an argument of includes/has/...,
 * an element of an array searched with includes/indexOf), 'enum' (assigned to a member,
 * how TypeScript enums compile), or 'display' (anything else).
 */
export function context(node, ancestors) {
  const parent = ancestors[ancestors.length - 2];
  const grand = ancestors[ancestors.length - 3];
  if (!parent) return 'display';
  switch (parent.type) {
    case 'BinaryExpression': return EQUALITY.has(parent.operator) ? 'compare' : 'display';
    case 'SwitchCase': return parent.test === node ? 'compare' : 'display';
    case 'MemberExpression': return parent.computed && parent.property === node ? 'lookup' : 'display';
    case 'Property': return parent.key === node ? 'lookup' : 'display';
    case 'CallExpression':
      return parent.arguments.includes(node) && LOOKUP_METHODS.has(memberName(parent.callee)) ? 'lookup' : 'display';
    case 'ArrayExpression':
      return grand && grand.type === 'MemberExpression' && grand.object === parent
        && ['includes', 'indexOf'].includes(memberName(grand)) ? 'lookup' : 'display';
    case 'AssignmentExpression': return parent.right === node && parent.left.type === 'MemberExpression' ? 'enum' : 'display';
    default: return 'display';
  }
}

const displayKeyOf = (parent) =>
  parent && parent.type === 'Property' && parent.key !== undefined ? (parent.key.name ?? parent.key.value) : null;

/** A JS string literal for `value`, safe inside an HTML <script> too. */
export function jsString(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Template-literal raw text whose cooked value is `value`. */
export function templateRaw(value) {
  return value.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${').replace(/\r/g, '\\r')
    .replace(/</g, '\\u003c');
}

export function parseJs(code) {
  return acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true,
    allowReturnOutsideFunction: true });
}

/**
 * Rewrite the branded strings of one script. Returns the new source and the edits made;
 * structural `extraEdits` ([start, end, text], e.g. from patches.mjs) are applied with them.
 */
export function rewriteJs(code, { file, text, report, ast = parseJs(code), extraEdits = [] }) {
  const edits = [...extraEdits];
  const visit = (node, ancestors) => {
    let value; let isTemplate = false;
    if (node.type === 'Literal' && typeof node.value === 'string') value = node.value;
    else if (node.type === 'TemplateElement') { value = node.value.cooked; isTemplate = true; }
    else return;
    if (value == null) return;
    const next = text(value);
    if (next === value) return;
    const parent = ancestors[ancestors.length - 2];
    if (!isTemplate) {
      const how = context(node, ancestors);
      if (how !== 'display') {
        if (!(value in PROTECTED)) {
          report.problems.push(`${file}: ${JSON.stringify(value)} is used as a ${how} value (${code.slice(
            Math.max(0, node.start - 60), node.end + 40).replace(/\s+/g, ' ')}); classify it in rules.PROTECTED`);
        }
        bump(report.protectedSeen, value);
        report.literals.protected++;
        return;
      }
      if (value in PROTECTED && !DISPLAY_KEYS.has(displayKeyOf(parent))) {
        bump(report.protectedSeen, value);
        report.literals.protected++;
        return;
      }
      edits.push([node.start, node.end, jsString(next)]);
    } else {
      const tagged = ancestors.some((a, i) => a.type === 'TaggedTemplateExpression' && ancestors[i + 1] === a.quasi);
      // A tagged template sees its raw text: rewrite that, unescaped parts only.
      edits.push([node.start, node.end, tagged ? text(code.slice(node.start, node.end)) : templateRaw(next)]);
    }
    report.literals.rewritten++;
  };
  walk.fullAncestor(ast, (node, _state, ancestors) => {
    visit(node, ancestors);
    // acorn-walk does not visit non-computed property keys; quoted keys are lookups.
    if (node.type === 'Property' && !node.computed && node.key.type === 'Literal') {
      visit(node.key, [...ancestors, node.key]);
    }
  });
  if (!edits.length) return { code, changed: false };
  const out = applyEdits(code, edits);
  try {
    parseJs(out);
  } catch (e) {
    throw new BrandingError(`${file}: the rewritten script no longer parses (${e.message})`);
  }
  return { code: out, changed: true };
}

/** Apply [start, end, replacement] edits; an edit inside a larger one (a removed range) is dropped. */
export function applyEdits(code, edits) {
  const sorted = [...edits].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = ''; let pos = 0;
  for (const [start, end, rep] of sorted) {
    if (start < pos) continue; // inside an earlier edit
    out += code.slice(pos, start) + rep;
    pos = end;
  }
  return out + code.slice(pos);
}

/** RSC text (a .txt payload, or the stream an HTML page pushes): rewrite, rows intact. */
export function rewriteRsc(payload, { file, text, report }) {
  const next = text(payload);
  if (next === payload) return payload;
  // Text rows carry their byte length (`id:T<hex>,`): a changed length would corrupt the stream.
  if (/(?:^|\n)[0-9a-f]*:T[0-9a-f]+,/.test(payload)) {
    report.problems.push(`${file}: RSC payload has length-prefixed text rows; the rewriter does not handle them yet`);
    return payload;
  }
  return next;
}

/** Check every JSON row of an RSC .txt file still parses. */
export function checkRscRows(payload, file) {
  for (const row of payload.split('\n')) {
    const m = /^[0-9a-f]*:([A-Z]*)(.*)$/s.exec(row);
    if (!row || !m || !m[2]) continue;
    try { JSON.parse(m[2]); } catch (e) {
      throw new BrandingError(`${file}: RSC row no longer parses after rewriting: ${row.slice(0, 120)}`);
    }
  }
}

/**
 * Rewrite an HTML page: text nodes and attribute values through `text`, inline scripts through
 * rewriteJs (the RSC stream a page pushes is a string literal there), and `inject` placed first
 * in <head>.
 */
export function rewriteHtml(html, { file, text, report, inject = '' }) {
  const doc = parseHtml(html, { sourceCodeLocationInfo: true });
  const edits = [];
  const sub = (start, end) => {
    const raw = html.slice(start, end);
    const next = text(raw);
    if (next !== raw) edits.push([start, end, next]);
  };
  let head = null;
  const visit = (node) => {
    const loc = node.sourceCodeLocation;
    if (node.nodeName === 'head' && loc && loc.startTag) head = loc.startTag.endOffset;
    if (node.attrs && loc && loc.attrs) for (const a of node.attrs) { const l = loc.attrs[a.name]; if (l) sub(l.startOffset, l.endOffset); }
    if (node.nodeName === '#text' && loc) {
      const parentName = node.parentNode && node.parentNode.nodeName;
      if (parentName === 'script') {
        const isJs = !(node.parentNode.attrs || []).some((a) => a.name === 'type' && !/javascript|module/.test(a.value));
        const code = html.slice(loc.startOffset, loc.endOffset);
        if (isJs) {
          const r = rewriteJs(code, { file: `${file} <script>`, text: (s) => rewriteRsc(s, { file, text, report }), report });
          if (r.changed) edits.push([loc.startOffset, loc.endOffset, r.code]);
        }
      } else if (parentName !== 'style') sub(loc.startOffset, loc.endOffset);
    }
    for (const child of node.childNodes || []) visit(child);
    if (node.content) visit(node.content); // <template>
  };
  visit(doc);
  if (inject) {
    if (head === null) report.problems.push(`${file}: no <head> to inject the runtime script into`);
    else if (!html.includes(inject)) edits.push([head, head, inject]);
  }
  return edits.length ? applyEdits(html, edits) : html;
}

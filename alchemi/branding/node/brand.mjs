// Build the branded dashboard: node brand.mjs --src <export> --dest <new dir> --assets <dir>
//   [--docs URL] [--support URL]
// Copies the compiled export, rewrites it (rewrite.mjs, patches.mjs), adds our assets, and
// prints a JSON report. Exits 1, writing nothing useful, when the export no longer matches what
// the rewriter relies on. Deterministic: same inputs, same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PROTECTED, RULE_PROBE, TEXT_RULES, TITLE } from './rules.mjs';
import { HIDDEN_BY_DEFAULT } from './navigation.mjs';
import { checkRscRows, newReport, parseJs, rewriteHtml, rewriteJs, rewriteRsc, textRewriter } from './rewrite.mjs';
import { checkPatches, newPatchState, patchChunk } from './patches.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ASSET_DIR = 'alchemi'; // our files inside the branded tree, served at /ui/alchemi/
// Every chunk a structural patch can target has one of these (patches.mjs).
const PATCH_PROBE = /groupLabel|onCheckedChange|onExpandRail|clearTokenCookies/;
const RUNTIME_TAG = `<script src="/ui/${ASSET_DIR}/brand.js"></script>`;

function listFiles(root) {
  const out = [];
  const walkDir = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walkDir(full); else if (e.isFile()) out.push(full);
    }
  };
  walkDir(root);
  return out;
}

/** The runtime script with its configuration: the same text rules the build applies. */
export function runtimeScript({ docs, support }) {
  const rules = TEXT_RULES.map((r) => [r.pattern.source, r.pattern.flags,
    r.replace.replace('{docs}', docs).replace('{support}', support)]);
  const config = { defaultsKey: 'alchemi:ui-defaults', defaultsVersion: '1',
    hiddenByDefault: Object.keys(HIDDEN_BY_DEFAULT), rules };
  return fs.readFileSync(path.join(HERE, 'runtime.js'), 'utf8').replace('/*__CONFIG__*/ null', JSON.stringify(config));
}

export function build({ src, dest, assets, docs = '/ui/docs', support = '/ui/support' }) {
  const report = newReport();
  const patchState = newPatchState();
  const text = textRewriter({ docs, support }, report);
  const counts = { scanned: 0, rewritten: { js: 0, html: 0, txt: 0 }, copied: 0 };
  for (const file of listFiles(src)) {
    const rel = path.relative(src, file).split(path.sep).join('/');
    const out = path.join(dest, rel);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const ext = path.extname(file).slice(1);
    if (!['js', 'html', 'txt'].includes(ext)) { fs.copyFileSync(file, out); counts.copied++; continue; }
    counts.scanned++;
    const before = fs.readFileSync(file, 'utf8');
    let after;
    if (ext === 'js' && !RULE_PROBE.test(before) && !PATCH_PROBE.test(before)) {
      after = before; // nothing a rule or a patch could change: skip parsing
    } else if (ext === 'js') {
      const ast = parseJs(before);
      const extraEdits = patchChunk(ast, before, rel, patchState);
      after = rewriteJs(before, { file: rel, text, report, ast, extraEdits }).code;
    } else if (ext === 'html') {
      after = rewriteHtml(before, { file: rel, text, report, inject: RUNTIME_TAG });
    } else {
      after = rewriteRsc(before, { file: rel, text, report });
      if (after !== before) checkRscRows(after, rel);
    }
    if (after !== before) counts.rewritten[ext]++;
    fs.writeFileSync(out, after);
  }
  for (const [value, why] of Object.entries(PROTECTED)) {
    if (!report.protectedSeen[value]) {
      report.problems.push(`protected literal ${JSON.stringify(value)} (${why}) no longer occurs: the code that relied on it changed; re-check and update rules.PROTECTED`);
    }
  }
  report.problems.push(...checkPatches(patchState));

  // Our assets: logo, favicon, the runtime script.
  const own = path.join(dest, ASSET_DIR);
  fs.mkdirSync(own, { recursive: true });
  for (const name of fs.readdirSync(assets).sort()) {
    if (/\.(svg|png|ico)$/.test(name)) fs.copyFileSync(path.join(assets, name), path.join(own, name));
  }
  fs.writeFileSync(path.join(own, 'brand.js'), runtimeScript({ docs, support }));
  if (fs.existsSync(path.join(assets, 'favicon.ico'))) fs.copyFileSync(path.join(assets, 'favicon.ico'), path.join(dest, 'favicon.ico'));
  // Tells LiteLLM's UI loader the tree is already laid out (<route>/index.html), should it ever be pointed here.
  fs.writeFileSync(path.join(dest, '.litellm_ui_ready'), '');

  const remaining = {};
  for (const file of listFiles(dest)) {
    if (!/\.(js|html|txt)$/.test(file)) continue;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\b(?:LiteLLM|Litellm)\b[^"'`\n]{0,40}/g)) {
      const k = m[0].slice(0, 48); remaining[k] = (remaining[k] || 0) + 1;
    }
  }
  return {
    title: TITLE,
    files: counts,
    literals: report.literals,
    rules: report.rules,
    protected: report.protectedSeen,
    patches: patchState,
    remaining,
    problems: report.problems,
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { src: { type: 'string' }, dest: { type: 'string' }, assets: { type: 'string' },
    docs: { type: 'string' }, support: { type: 'string' } } });
  for (const k of ['src', 'dest', 'assets']) if (!values[k]) { console.error(`brand.mjs: --${k} is required`); process.exit(2); }
  const result = build(values);
  process.stdout.write(JSON.stringify(result, null, 1) + '\n');
  if (result.problems.length) {
    console.error(`brand.mjs: the dashboard no longer matches what the branding relies on:\n  - ${result.problems.join('\n  - ')}`);
    process.exit(1);
  }
}

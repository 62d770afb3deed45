// Unit tests of the branding rewriter (run by tests/branding/test_rewriter.py: node --test).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const NODE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../alchemi/branding/node');
const { newReport, parseJs, rewriteHtml, rewriteJs, rewriteRsc, textRewriter, applyEdits } = await import(`${NODE}/rewrite.mjs`);
const { PROTECTED, RULE_PROBE, TEXT_RULES } = await import(`${NODE}/rules.mjs`);
const { EXPECTED_GROUPS, HIDDEN_BY_DEFAULT } = await import(`${NODE}/navigation.mjs`);
const { build } = await import(`${NODE}/brand.mjs`);

const LINKS = { docs: '/ui/docs', support: '/ui/support' };
const js = (code) => {
  const report = newReport();
  const out = rewriteJs(code, { file: 't.js', text: textRewriter(LINKS, report), report });
  return { code: out.code, report };
};

test('display strings are rebranded; the output still parses', () => {
  const { code, report } = js('x({children:"Welcome to LiteLLM"},{title:"LiteLLM Dashboard",href:"https://docs.litellm.ai/docs/proxy/keys"})');
  assert.equal(code, 'x({children:"Welcome to Alchemi"},{title:"Alchemi Studio Console",href:"/ui/docs/proxy/keys"})');
  assert.equal(report.literals.rewritten, 3);
  assert.deepEqual(report.problems, []);
  parseJs(code);
});

test('functional lowercase identifiers and table names are never touched', () => {
  const src = [
    'fetch("/litellm/.well-known/litellm-ui-config")', 'h["x-litellm-api-key"]=k', 'b.litellm_params={}',
    'document.cookie="litellm_return_url=; path=/"', 'localStorage.getItem("litellm_selected_worker_id")',
    'q={table:"LiteLLM_UserTable",provider:"LitellmContentFilter"}', 'u="/litellm-asset-prefix/_next/x.js"',
    'e.LiteLLM="bg-indigo-100"', 'c="pip install litellm"',
  ].join(';');
  assert.equal(js(src).code, src);
});

test('identifiers, regexes and comments are not strings', () => {
  const src = 'var LiteLLM=1;/LiteLLM/.test(s);// LiteLLM\nobj.LiteLLM=LiteLLM';
  assert.equal(js(src).code, src);
});

test('a listed backend name is kept in comparisons, lookups and values, rebranded as JSX text', () => {
  const name = 'LiteLLM Content Filter';
  assert.ok(name in PROTECTED);
  const src = `a=x==="${name}";m={"${name}":1};m["${name}"];o={value:"${name}"};j={children:"${name}"}`;
  const { code, report } = js(src);
  assert.equal(code, `a=x==="${name}";m={"${name}":1};m["${name}"];o={value:"${name}"};j={children:"Alchemi Content Filter"}`);
  assert.equal(report.literals.protected, 4);
  assert.deepEqual(report.problems, []);
});

test('an unlisted branded literal in a comparison or lookup fails the build', () => {
  for (const src of ['a=b==="LiteLLM Widget"', 'switch(a){case "LiteLLM Widget":}', '["LiteLLM Widget"].includes(a)',
    's.startsWith("LiteLLM Widget")', 'm={"LiteLLM Widget":1}', 'E.Widget="LiteLLM Widget"']) {
    const { code, report } = js(src);
    assert.equal(code, src, src);
    assert.equal(report.problems.length, 1, src);
    assert.match(report.problems[0], /LiteLLM Widget.*rules\.PROTECTED/);
  }
});

test('template literals: text rebranded, expressions kept; a tagged template keeps its raw escapes', () => {
  assert.equal(js('s=`LiteLLM v${v} on ${LiteLLM}`').code, 's=`Alchemi v${v} on ${LiteLLM}`');
  assert.equal(js('s=String.raw`C:\\\\LiteLLM\\n`').code, 's=String.raw`C:\\\\Alchemi\\n`');
  assert.equal(js('s=`a\\nLiteLLM`').code, 's=`a\nAlchemi`');
});

test('escapes next to the name do not hide it', () => {
  assert.equal(js('s="a\\nLiteLLM"').code, 's="a\\nAlchemi"');
});

test('upstream links become the product\'s, placeholders in code samples are renamed', () => {
  const { code } = js('a="https://github.com/BerriAI/litellm/issues/new";b="https://www.litellm.ai/#pricing";'
    + 'c="Bearer YOUR_LITELLM_API_KEY";d="$LITELLM_API_KEY";e="LITELLM_MASTER_KEY"');
  assert.equal(code, 'a="/ui/support";b="/ui/support#pricing";c="Bearer YOUR_API_KEY";d="$ALCHEMI_API_KEY";e="LITELLM_MASTER_KEY"');
});

test('every text rule is covered by the fast pre-check', () => {
  const samples = {
    'link:docs': 'https://docs.litellm.ai/docs/x', 'link:models': 'https://models.litellm.ai/cookbook',
    'link:website': 'https://www.litellm.ai/support', 'link:github': 'https://github.com/BerriAI/litellm',
    'link:feedback-form': 'https://forms.gle/W3U4PZpJGFHWtHyA9', 'name:console': 'LiteLLM Dashboard',
    'name:enterprise': 'LiteLLM Enterprise', 'name:model-name': 'LiteLLM Model Name',
    'name:model-name-lower': 'Enter LiteLLM model name', 'name:params': 'LiteLLM Params', 'name:proxy': 'LiteLLM Proxy',
    'name:proxy-lower': 'your litellm proxy', 'name:built-with': 'Built with litellm: v1', 'name:word': 'LiteLLM',
    'name:word-title': 'Litellm', 'sample:key-placeholder': 'YOUR_LITELLM_API_KEY',
    'sample:env-placeholder': 'LITELLM_API_KEY', 'name:emoji': '🚅 x',
  };
  for (const rule of TEXT_RULES) {
    const sample = samples[rule.name];
    assert.ok(sample, `rule ${rule.name} has no sample here`);
    assert.ok(RULE_PROBE.test(sample), `RULE_PROBE misses ${rule.name}`);
    const report = newReport();
    assert.notEqual(textRewriter(LINKS, report)(sample), sample, rule.name);
    assert.ok(report.rules[rule.name], `${rule.name} did not apply to its sample`);
  }
});

test('HTML: title, text and attributes rebranded, inline RSC rebranded, runtime script first in head', () => {
  const html = '<!DOCTYPE html><html><head><meta charSet="utf-8"/><title>LiteLLM Dashboard</title>'
    + '<meta name="description" content="LiteLLM Proxy Admin UI"/></head><body><div>🚅 LiteLLM</div><img alt="LiteLLM" src="/x"/>'
    + '<a href="/litellm-asset-prefix/x">go</a><script>self.__next_f.push([1,"5:[\\"$\\",\\"title\\",\\"0\\",{\\"children\\":\\"LiteLLM Dashboard\\"}]\\n"])</script></body></html>';
  const report = newReport();
  const out = rewriteHtml(html, { file: 'i.html', text: textRewriter(LINKS, report), report, inject: '<script src="/b.js"></script>' });
  assert.match(out, /<head><script src="\/b.js"><\/script><meta/);
  assert.match(out, /<title>Alchemi Studio Console<\/title>/);
  assert.match(out, /content="Alchemi Studio Console"/);
  assert.match(out, /<div>Alchemi<\/div><img alt="Alchemi"/);
  assert.match(out, /href="\/litellm-asset-prefix\/x"/);
  assert.match(out, /\{\\"children\\":\\"Alchemi Studio Console\\"\}/);
  assert.doesNotMatch(out, /LiteLLM/);
});

test('RSC rows: rebranded in place; length-prefixed text rows are refused', () => {
  const report = newReport();
  const text = textRewriter(LINKS, report);
  assert.equal(rewriteRsc('0:{"a":"LiteLLM Dashboard"}\n1:I["x"]\n', { file: 'p.txt', text, report }),
    '0:{"a":"Alchemi Studio Console"}\n1:I["x"]\n');
  const rows = '2:T1a,LiteLLM is great here\n';
  assert.equal(rewriteRsc(rows, { file: 'p.txt', text, report }), rows);
  assert.match(report.problems[0], /length-prefixed/);
});

test('applyEdits drops edits inside a removed range', () => {
  assert.equal(applyEdits('abcdef', [[1, 4, ''], [2, 3, 'X'], [5, 5, '+']]), 'ae+f');
});

// A miniature export with the shapes the patches rely on.
function miniExport(dir, { groups = EXPECTED_GROUPS, protectedNames = Object.keys(PROTECTED), learning = true } = {}) {
  const chunks = path.join(dir, '_next', 'static', 'chunks');
  fs.mkdirSync(chunks, { recursive: true });
  const item = (key, extra = '') => `{key:"${key}",page:"${key}",label:"${key}",icon:(0,a.jsx)(I.${key.replace(/\W/g, '')},{})${extra}}`;
  const menu = groups.map((g) => `{groupLabel:"${g}",${g === 'SETTINGS' ? 'roles:R.all_admin_roles,' : ''}items:[${[
    item(`${g}-a`), ...(g === 'AI GATEWAY' ? [item('agents')] : []),
    ...(g === 'DEVELOPER TOOLS' && learning ? [item('learning-resources', ',external_url:"https://models.litellm.ai/cookbook"')] : []),
  ].join(',')}]}`).join(',');
  const toggles = Object.keys(HIDDEN_BY_DEFAULT).map((k) => `{key:"${k}",label:"${k}",checked:!1,onCheckedChange:e=>y("${k}",e)}`);
  const code = `let e5=[${menu}];let j=[${toggles.join(',')},{key:"disableOther",label:"Other",onCheckedChange:f}];`
    + `let f=()=>[isAdmin(I)&&(0,a.jsx)(eJ,{accessToken:z,collapsed:e,onExpandRail:()=>m?.()}),x({children:"Powered by LiteLLM"})];`
    + `e.s(["clearTokenCookies",0,function(){if("u"<typeof document)return;document.cookie="token=; path=/;"}]);`
    + protectedNames.map((n, i) => `c${i}=v==="${n}";`).join('');
  fs.writeFileSync(path.join(chunks, 'menu.js'), code);
  fs.writeFileSync(path.join(dir, 'index.html'), '<!DOCTYPE html><html><head><title>LiteLLM Dashboard</title></head><body></body></html>');
  fs.writeFileSync(path.join(dir, 'index.txt'), '0:{"children":"LiteLLM Dashboard"}\n');
  return dir;
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'brand-test-'));
const assets = () => { const d = tmp(); fs.writeFileSync(path.join(d, 'favicon.ico'), 'ico'); return d; };

test('build: patches the menu, the account menu, the usage meter and sign-out; injects the runtime', () => {
  const src = miniExport(tmp());
  const dest = path.join(tmp(), 'out');
  const result = build({ src, dest, assets: assets(), ...LINKS });
  assert.deepEqual(result.problems, []);
  const code = fs.readFileSync(path.join(dest, '_next/static/chunks/menu.js'), 'utf8');
  parseJs(code);
  assert.doesNotMatch(code, /learning-resources|litellm\.ai/);
  assert.match(code, /\{groupLabel:"AI GATEWAY",items:\[[^\]]*\]\},\{groupLabel:"COPILOT",roles:R\.all_admin_roles,items:\[\{key:"copilot",page:"copilot",route:"copilot",label:"Copilot",icon:\(0,a\.jsx\)\(I\.agents,\{\}\)\}\]\}/);
  assert.match(code, /let j=\[\{key:"disableOther"/);
  assert.match(code, /!1&&isAdmin\(I\)&&\(0,a\.jsx\)\(eJ/);
  assert.match(code, /Powered by Alchemi/);
  // sign-out first hands the session to our logout, then clears the cookie
  assert.match(code, /\["clearTokenCookies",0,function\(\)\{try\{if\(typeof document!=="undefined"\)\{.*fetch\("\/alchemi\/logout",\{method:"POST",keepalive:!0,.*\}catch\(e\)\{\}if\("u"<typeof document\)return;document\.cookie=/);
  assert.match(fs.readFileSync(path.join(dest, 'index.html'), 'utf8'), /<head><script src="\/ui\/alchemi\/brand.js"><\/script><title>Alchemi Studio Console/);
  assert.equal(fs.readFileSync(path.join(dest, 'favicon.ico'), 'utf8'), 'ico');
  const runtime = fs.readFileSync(path.join(dest, 'alchemi/brand.js'), 'utf8');
  parseJs(runtime);
  assert.match(runtime, /"hiddenByDefault":\["disableShowNewBadge","disableShowPrompts"/);
  assert.ok(fs.existsSync(path.join(dest, '.litellm_ui_ready')));
});

test('build: deterministic', () => {
  const src = miniExport(tmp());
  const a = path.join(tmp(), 'out'); const b = path.join(tmp(), 'out');
  const asset = assets();
  build({ src, dest: a, assets: asset, ...LINKS }); build({ src, dest: b, assets: asset, ...LINKS });
  for (const f of ['_next/static/chunks/menu.js', 'index.html', 'index.txt', 'alchemi/brand.js']) {
    assert.equal(fs.readFileSync(path.join(a, f), 'utf8'), fs.readFileSync(path.join(b, f), 'utf8'), f);
  }
});

test('build fails when the menu structure changed', () => {
  const groups = ['AI GATEWAY', 'OBSERVABILITY', 'ACCESS CONTROL', 'DEVELOPER TOOLS', 'SETTINGS', 'NEW GROUP'];
  const result = build({ src: miniExport(tmp(), { groups }), dest: path.join(tmp(), 'out'), assets: assets(), ...LINKS });
  assert.ok(result.problems.some((p) => /sidebar menu groups changed/.test(p)), result.problems.join('\n'));
});

test('build fails when an item to remove is gone', () => {
  const result = build({ src: miniExport(tmp(), { learning: false }), dest: path.join(tmp(), 'out'), assets: assets(), ...LINKS });
  assert.ok(result.problems.some((p) => /"learning-resources" to remove not found/.test(p)), result.problems.join('\n'));
});

test('build fails when the sign-out function is gone', () => {
  const src = miniExport(tmp());
  const menu = path.join(src, '_next/static/chunks/menu.js');
  fs.writeFileSync(menu, fs.readFileSync(menu, 'utf8').replace(/e\.s\(\["clearTokenCookies".*?\]\);/, ''));
  const result = build({ src, dest: path.join(tmp(), 'out'), assets: assets(), ...LINKS });
  assert.ok(result.problems.some((p) => /clearTokenCookies.*found 0/.test(p)), result.problems.join('\n'));
});

test('build fails when a protected literal disappears', () => {
  const [gone, ...kept] = Object.keys(PROTECTED);
  const result = build({ src: miniExport(tmp(), { protectedNames: kept }), dest: path.join(tmp(), 'out'), assets: assets(), ...LINKS });
  assert.ok(result.problems.some((p) => p.includes(JSON.stringify(gone)) && /no longer occurs/.test(p)), result.problems.join('\n'));
});

test('the CLI exits 1 and says why when the build has problems', async () => {
  const { spawnSync } = await import('node:child_process');
  const src = miniExport(tmp(), { learning: false });
  const r = spawnSync(process.execPath, [`${NODE}/brand.mjs`, '--src', src, '--dest', path.join(tmp(), 'out'), '--assets', assets()], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no longer matches what the branding relies on[\s\S]*learning-resources/);
});

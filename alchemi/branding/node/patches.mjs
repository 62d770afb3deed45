// Structural patches of the compiled dashboard, driven by navigation.mjs. Each finds its target
// by shape in the parsed chunk (never by minified names, which change every build) and records
// what it found; `checkPatches` fails the build when an upgrade moved or changed a target.
import * as walk from 'acorn-walk';
import { ADDED_GROUPS, EXPECTED_GROUPS, HIDDEN_BY_DEFAULT, LOGOUT_URL, REMOVED_ITEMS, SHOW_USAGE_INDICATOR } from './navigation.mjs';

const keyName = (p) => (p.key.type === 'Identifier' ? p.key.name : p.key.value);
const prop = (obj, name) => obj.properties.find((p) => p.type === 'Property' && !p.computed && keyName(p) === name);
const stringProp = (obj, name) => {
  const p = prop(obj, name);
  return p && p.value.type === 'Literal' && typeof p.value.value === 'string' ? p.value.value : undefined;
};
const isObjectList = (arr) => arr.elements.length > 0 && arr.elements.every((e) => e && e.type === 'ObjectExpression');

/** Edits removing `remove` (elements of the array literal `arr`) with their separating commas. */
function removeElements(arr, remove) {
  const els = arr.elements;
  const gone = els.map((e) => remove.includes(e));
  let tail = els.length; // start of the trailing run of removed elements
  while (tail > 0 && gone[tail - 1]) tail--;
  const edits = [];
  els.forEach((el, i) => { if (gone[i] && i < tail) edits.push([el.start, els[i + 1].start, '']); });
  if (tail < els.length) edits.push([tail > 0 ? els[tail - 1].end : els[0].start, els[els.length - 1].end, '']);
  return edits;
}

// Runs first in clearTokenCookies: the session token (cookie `token`) goes to our logout, which
// deletes the session's own key. Best effort: never throws, never delays the sign-out.
const RETIRE_SESSION = 'try{if(typeof document!=="undefined"){let t=document.cookie.split("; ").find(c=>c.startsWith("token="));'
  + 't=t&&decodeURIComponent(t.slice(6));t&&fetch(' + JSON.stringify(LOGOUT_URL) + ',{method:"POST",keepalive:!0,'
  + 'credentials:"omit",headers:{Authorization:"Bearer "+t}}).catch(()=>{})}}catch(e){}';

export function newPatchState() {
  return { menus: [], toggleMenus: [], usageMeters: [], tokenClearers: [] };
}

/** Edits ([start, end, text]) that patch one parsed chunk; records what it found in `state`. */
export function patchChunk(ast, code, file, state) {
  const edits = [];
  walk.full(ast, (node) => {
    if (node.type === 'ArrayExpression' && isObjectList(node)) {
      if (node.elements.every((g) => stringProp(g, 'groupLabel') !== undefined && prop(g, 'items'))) {
        edits.push(...patchMenu(node, code, file, state));
      } else if (node.elements.every((t) => stringProp(t, 'key') !== undefined && prop(t, 'onCheckedChange'))
        && node.elements.some((t) => /^disable[A-Z]/.test(stringProp(t, 'key')))) {
        edits.push(...patchToggles(node, file, state));
      }
    }
    // The exported cookie clearer: `e.s(["clearTokenCookies", 0, function () {...}])`.
    if (node.type === 'ArrayExpression' && node.elements.length >= 3) {
      const [name, , fn] = node.elements;
      if (name && name.type === 'Literal' && name.value === 'clearTokenCookies' && fn
        && (fn.type === 'FunctionExpression' || fn.type === 'ArrowFunctionExpression') && fn.body.type === 'BlockStatement') {
        state.tokenClearers.push(file);
        edits.push([fn.body.start + 1, fn.body.start + 1, RETIRE_SESSION]);
      }
    }
    // The licence usage meter: `isAdmin && jsx(Meter, {accessToken, collapsed, onExpandRail})`.
    if (node.type === 'LogicalExpression' && node.operator === '&&' && node.right.type === 'CallExpression') {
      const props = node.right.arguments[1];
      if (props && props.type === 'ObjectExpression' && prop(props, 'onExpandRail') && prop(props, 'accessToken')) {
        state.usageMeters.push(file);
        if (!SHOW_USAGE_INDICATOR) edits.push([node.start, node.start, '!1&&']);
      }
    }
  });
  return edits;
}

function patchMenu(arr, code, file, state) {
  const groups = arr.elements;
  const labels = groups.map((g) => stringProp(g, 'groupLabel'));
  const found = { file, labels, removed: [], added: [] };
  state.menus.push(found);
  if (JSON.stringify(labels) !== JSON.stringify(EXPECTED_GROUPS)) return [];
  const edits = [];
  const itemsOf = (g) => prop(g, 'items').value.elements.filter((e) => e && e.type === 'ObjectExpression');
  const allItems = [];
  for (const g of groups) for (const item of itemsOf(g)) {
    allItems.push([prop(g, 'items').value, item]);
    const children = prop(item, 'children');
    if (children && children.value.type === 'ArrayExpression') {
      for (const c of children.value.elements) if (c && c.type === 'ObjectExpression') allItems.push([children.value, c]);
    }
  }
  for (const key of Object.keys(REMOVED_ITEMS)) {
    const hit = allItems.find(([, item]) => stringProp(item, 'key') === key);
    if (hit) { edits.push(...removeElements(hit[0], [hit[1]])); found.removed.push(key); }
  }
  for (const add of ADDED_GROUPS) {
    const after = groups[labels.indexOf(add.after)];
    const rolesGroup = groups[labels.indexOf(add.rolesLike)];
    const roles = rolesGroup && prop(rolesGroup, 'roles');
    if (!after || !roles) continue;
    const items = [];
    for (const item of add.items) {
      const like = allItems.find(([, i]) => stringProp(i, 'key') === item.iconLike);
      const icon = like && prop(like[1], 'icon');
      if (!icon) { items.length = 0; break; }
      items.push(`{key:${JSON.stringify(item.key)},page:${JSON.stringify(item.page)},route:${JSON.stringify(item.route)},`
        + `label:${JSON.stringify(item.label)},icon:${code.slice(icon.value.start, icon.value.end)}}`);
    }
    if (items.length !== add.items.length) continue;
    const group = `{groupLabel:${JSON.stringify(add.groupLabel)},roles:${code.slice(roles.value.start, roles.value.end)},`
      + `items:[${items.join(',')}]}`;
    edits.push([after.end, after.end, `,${group}`]);
    found.added.push(add.groupLabel);
  }
  return edits;
}

function patchToggles(arr, file, state) {
  const keys = arr.elements.map((t) => stringProp(t, 'key'));
  state.toggleMenus.push({ file, keys });
  return removeElements(arr, arr.elements.filter((t) => stringProp(t, 'key') in HIDDEN_BY_DEFAULT));
}

/** Problems (strings) when the dashboard no longer has what the patches rely on. */
export function checkPatches(state) {
  const problems = [];
  if (state.menus.length !== 1) {
    problems.push(`sidebar menu data: expected exactly one array of {groupLabel, items} groups, found ${state.menus.length}`);
  }
  for (const m of state.menus) {
    if (JSON.stringify(m.labels) !== JSON.stringify(EXPECTED_GROUPS)) {
      problems.push(`sidebar menu groups changed in ${m.file}: ${JSON.stringify(m.labels)}, expected ${JSON.stringify(EXPECTED_GROUPS)} (review navigation.mjs)`);
      continue;
    }
    for (const key of Object.keys(REMOVED_ITEMS)) {
      if (!m.removed.includes(key)) problems.push(`sidebar item "${key}" to remove not found in ${m.file}`);
    }
    for (const g of ADDED_GROUPS) {
      if (!m.added.includes(g.groupLabel)) {
        problems.push(`sidebar group ${g.groupLabel} not added in ${m.file}: its anchor group "${g.after}", roles of "${g.rolesLike}" or icon of ${g.items.map((i) => `"${i.iconLike}"`).join(', ')} missing`);
      }
    }
  }
  if (state.toggleMenus.length === 0) problems.push('account menu switches (disableShowNewBadge, ...) not found');
  for (const t of state.toggleMenus) {
    const missing = Object.keys(HIDDEN_BY_DEFAULT).filter((k) => !t.keys.includes(k));
    if (missing.length) problems.push(`account menu in ${t.file} lacks the switches ${missing.join(', ')} (has ${t.keys.join(', ')})`);
  }
  if (state.tokenClearers.length !== 1) {
    problems.push(`clearTokenCookies (the dashboard's sign-out): expected one exported definition, found ${state.tokenClearers.length}`);
  }
  if (state.usageMeters.length !== 1) {
    problems.push(`sidebar usage meter (jsx(..., {accessToken, collapsed, onExpandRail})): expected one, found ${state.usageMeters.length}`);
  }
  return problems;
}

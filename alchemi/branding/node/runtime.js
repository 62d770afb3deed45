/* Alchemi Studio Console: loaded first in <head> of every dashboard page, before the app's own
   scripts. The build (brand.mjs) fills CONFIG. Two jobs only:
   1. preset the dashboard's per-browser "hidden by default" flags, once per browser;
   2. rebrand text the build cannot reach because the backend sends it (guardrail provider
      names, setting descriptions, ...): displayed text and display attributes only, never input
      values or code, so what the page sends back is unchanged. */
(function () {
  'use strict';
  var CONFIG = /*__CONFIG__*/ null;
  try {
    if (localStorage.getItem(CONFIG.defaultsKey) !== CONFIG.defaultsVersion) {
      CONFIG.hiddenByDefault.forEach(function (flag) { localStorage.setItem(flag, 'true'); });
      localStorage.setItem(CONFIG.defaultsKey, CONFIG.defaultsVersion);
    }
  } catch (e) { /* storage disabled: the dashboard falls back to its own defaults */ }

  var rules = CONFIG.rules.map(function (r) { return [new RegExp(r[0], r[1]), r[2]]; });
  var probe = /lite|BerriAI|🚅/i;
  function rebrand(s) {
    for (var i = 0; i < rules.length; i++) s = s.replace(rules[i][0], rules[i][1]);
    return s;
  }
  var SKIP = /^(SCRIPT|STYLE|TEXTAREA|CODE|PRE|INPUT)$/;
  var ATTRS = ['title', 'alt', 'aria-label', 'placeholder', 'href'];
  function fixTree(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentNode;
        if (!p || SKIP.test(p.nodeName) || (p.closest && p.closest('pre,code,[contenteditable],.monaco-editor'))) return NodeFilter.FILTER_REJECT;
        return probe.test(n.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      }
    });
    var n, found = [];
    while ((n = walker.nextNode())) found.push(n);
    found.forEach(function (t) { var v = rebrand(t.nodeValue); if (v !== t.nodeValue) t.nodeValue = v; });
    if (!root.querySelectorAll) return;
    ATTRS.forEach(function (a) {
      root.querySelectorAll('[' + a + ']').forEach(function (el) {
        var v = el.getAttribute(a);
        if (probe.test(v)) { var w = rebrand(v); if (w !== v) el.setAttribute(a, w); }
      });
    });
  }
  function fixTitle() {
    if (probe.test(document.title)) document.title = rebrand(document.title);
  }
  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; fixTitle(); if (document.body) fixTree(document.body); });
  }
  function start() {
    fixTitle();
    fixTree(document.body);
    new MutationObserver(schedule).observe(document.documentElement, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRS });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();

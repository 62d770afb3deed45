// Crawl the branded console in Debian's chromium and report every upstream-brand mention a
// person could see: visible text, the title, alt/title/aria-label/placeholder attributes, links.
//   node crawl.mjs <config.json>   config: {base, chromium, shots, out, token?, publicPages[]}
// Without a token: the pages reachable signed out. With one (the dashboard's session cookie):
// every sidebar page, plus the account menu. Writes the findings to config.out.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const require = createRequire(path.resolve(config.nodeModules, 'package.json'));
const { chromium } = require('playwright-core');
const { CHROMIUM_ARGS } = await import(path.resolve(config.nodeModules, '..', 'chromium.mjs'));
const { findings } = await import(new URL('../support/brand_findings.mjs', import.meta.url));


const slug = (url) => url.replace(/^https?:\/\/[^/]+/, '').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'root';
const sidebar = 'aside[data-slot=sidebar]';

const browser = await chromium.launch({ executablePath: config.chromium, args: CHROMIUM_ARGS });
const result = { pages: {}, errors: [], sidebar: [], groups: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  if (config.token) {
    await context.addCookies([{ name: 'token', value: config.token, url: config.base + '/ui/' },
      { name: 'token', value: config.token, url: config.base + '/' }]);
  }
  const page = await context.newPage();
  page.on('pageerror', (e) => result.errors.push(`${page.url()}: ${String(e).slice(0, 200)}`));
  fs.mkdirSync(config.shots, { recursive: true });
  const visit = async (url, label) => {
    try {
      await page.goto(config.base + url, { waitUntil: 'networkidle', timeout: 30000 });
    } catch (e) { result.errors.push(`goto ${url}: ${e.message.split('\n')[0]}`); }
    await page.waitForTimeout(config.settleMs ?? 1200);
    const f = await page.evaluate(findings);
    f.finalUrl = page.url().replace(config.base, '');
    result.pages[url] = { label, ...f };
    await page.screenshot({ path: path.join(config.shots, `${config.prefix}${slug(url)}.png`) });
  };

  for (const url of config.publicPages || []) await visit(url, 'public');

  if (config.token) {
    await page.goto(config.base + '/ui/', { waitUntil: 'networkidle', timeout: 30000 });
    await page.waitForSelector(`${sidebar} nav a`, { timeout: 30000 });
    for (let i = 0; i < 12; i++) { // open every collapsed group so its links exist
      const closed = page.locator(`${sidebar} nav button[aria-expanded=false]`);
      if (await closed.count() === 0) break;
      await closed.first().click();
      await page.waitForTimeout(150);
    }
    result.groups = await page.evaluate((s) => [...document.querySelectorAll(`${s} [data-slot=sidebar-group-label]`)].map((e) => e.innerText.trim()), sidebar);
    result.sidebar = await page.evaluate((s) => [...document.querySelectorAll(`${s} nav a`)].map((a) => ({
      text: a.innerText.trim(), href: a.getAttribute('href'), target: a.getAttribute('target') })), sidebar);
    result.sidebarFooter = await page.evaluate((s) => (document.querySelector(`${s} [data-slot=sidebar-footer]`) || {}).innerText || '', sidebar);
    result.home = await page.evaluate(findings);
    await page.screenshot({ path: path.join(config.shots, `${config.prefix}home.png`) });
    const menu = page.locator(`${sidebar} [data-slot=sidebar-footer] button[aria-label^="Account menu"]`);
    if (await menu.count()) {
      await menu.first().click();
      await page.waitForTimeout(600);
      result.accountMenu = await page.evaluate(findings);
      result.accountMenuText = await page.evaluate(() => (document.querySelector('[data-testid=sidebar-account-menu-panel]') || document.body).innerText);
      await page.screenshot({ path: path.join(config.shots, `${config.prefix}account-menu.png`) });
      await page.keyboard.press('Escape');
    } else result.errors.push('account menu button not found');
    for (const link of result.sidebar) {
      if (link.href && link.href.startsWith('/')) await visit(link.href, link.text);
    }
  }
} finally {
  await browser.close();
}
fs.writeFileSync(config.out, JSON.stringify(result, null, 1));

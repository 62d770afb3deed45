// Our console pages end to end in Debian's chromium (playwright-core), against the live proxy:
//   node e2e.mjs <config.json>
// config: {base, chromium, nodeModules, shots, out, superAdmin: {username, password},
//          account: {name, domain}, adminEmail, adminPassword,
//          sso?: {issuer, clientId, clientSecret, email}  (a real OpenID provider for the account)}
// Each step leaves a screenshot in config.shots and its findings (what a person sees that names
// the upstream product) in config.out; the Python test asserts on them. A step that fails
// records its error and the run stops there.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const require = createRequire(path.resolve(config.nodeModules, 'package.json'));
const { chromium } = require('playwright-core');
const { CHROMIUM_ARGS } = await import(path.resolve(config.nodeModules, '..', 'chromium.mjs'));
const { findings } = await import(new URL('../support/brand_findings.mjs', import.meta.url));
const T = 45000;


const result = { steps: {}, ours: {}, errors: [], crawl: {}, sidebar: [] };
const browser = await chromium.launch({ executablePath: config.chromium, args: CHROMIUM_ARGS });
fs.mkdirSync(config.shots, { recursive: true });
let n = 0;

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(T);
  page.on('pageerror', (e) => result.errors.push(`${page.url()}: ${String(e).slice(0, 200)}`));
  return page;
}

/** A screenshot, and for our own pages the brand findings too. */
async function shot(page, name, { ours = false } = {}) {
  n += 1;
  const file = `${String(n).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: path.join(config.shots, file) });
  const url = page.url().replace(config.base, '');
  result.steps[name] = { url, screenshot: file };
  if (ours) result.ours[name] = { url, ...(await page.evaluate(findings)) };
}

async function step(name, fn) {
  try {
    await fn();
    return true;
  } catch (e) {
    result.failed = `${name}: ${e.message.split('\n').slice(0, 3).join(' ')}`;
    return false;
  }
}

// Wait until the page's URL matches `url`. Not waitForURL: it waits for a "load" event, and the
// dashboard's client-side routing falling back to a full load aborts navigations on the way
// (ERR_ABORTED under load). The caller then waits for the landing page's content.
async function landOn(page, url, timeout = 30000) {
  const deadline = Date.now() + timeout;
  while (!url.test(page.url())) {
    if (Date.now() > deadline) throw new Error(`did not land on ${url}: still at ${page.url()}`);
    await page.waitForTimeout(100);
  }
}

async function signIn(page, email, password, url = '/ui/login/') {
  await page.goto(config.base + url);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const sa = await newPage();
const { superAdmin, account, adminEmail, adminPassword } = config;
let invitationUrl = null;

const ok = await step('super admin signs in', async () => {
  await sa.goto(config.base + '/ui/login/');
  await sa.getByLabel('Email').waitFor();
  await shot(sa, 'login', { ours: true });
  await sa.getByLabel('Email').fill(superAdmin.username);
  await sa.getByRole('button', { name: 'Continue' }).click();
  await sa.getByLabel('Password').fill('wrong password');
  await sa.getByRole('button', { name: 'Sign in' }).click();
  await sa.getByText('Invalid username or password').waitFor();
  result.wrongPasswordMessage = await sa.getByText('Invalid username or password').innerText();
  await shot(sa, 'login-wrong-password', { ours: true });
  await sa.getByLabel('Password').fill(superAdmin.password);
  await sa.getByRole('button', { name: 'Sign in' }).click();
  await sa.waitForURL(/\/ui\/tenant-admin/);
  await sa.getByRole('heading', { name: 'Tenant Admin' }).waitFor();
  await sa.getByText(/account(s)? ?$|No accounts yet|accounts? match/).first().waitFor().catch(() => {});
  await sa.waitForLoadState('networkidle');
  await shot(sa, 'tenant-admin', { ours: true });
  result.signedInAs = await sa.getByTestId('signed-in-as').innerText();
})
&& await step('super admin creates an account', async () => {
  await sa.getByRole('button', { name: 'New account' }).click();
  const dialog = sa.getByRole('dialog');
  await dialog.waitFor();
  await shot(sa, 'new-account-dialog', { ours: true });
  await dialog.getByLabel('Name').fill(account.name);
  await dialog.getByLabel('Email domains').fill(account.domain);
  await dialog.getByRole('button', { name: 'Create account' }).click();
  await sa.getByTestId('account-title').waitFor();
  result.accountTitle = await sa.getByTestId('account-title').innerText();
  await sa.getByText(/Not configured|Single sign-on/).first().waitFor();
  await sa.waitForLoadState('networkidle');
  await shot(sa, 'account', { ours: true });
})
&& await step('super admin invites an account admin', async () => {
  await sa.getByLabel('Invite an admin').fill(adminEmail);
  await sa.getByRole('button', { name: /Invite$/ }).click();
  await sa.getByTestId('invitation-url').waitFor();
  invitationUrl = await sa.getByTestId('invitation-url').inputValue();
  result.invitationUrl = invitationUrl;
  await shot(sa, 'invitation-link', { ours: true });
  await sa.getByRole('button', { name: /Edit account/ }).click();
  await sa.getByRole('dialog').waitFor();
  await shot(sa, 'edit-account-dialog', { ours: true });
  await sa.keyboard.press('Escape');
  await sa.getByRole('dialog').waitFor({ state: 'hidden' });
  await sa.getByRole('button', { name: 'Configure SSO' }).click();
  await sa.getByLabel('Issuer URL').waitFor();
  await shot(sa, 'sso-form', { ours: true });
  await sa.getByRole('button', { name: 'Cancel' }).click();
  await sa.getByRole('button', { name: /All accounts/ }).click();
  await sa.getByTestId('account-row').first().waitFor();
  await sa.waitForLoadState('networkidle');
  await shot(sa, 'accounts-list', { ours: true });
});

const admin = ok ? await newPage() : null;
const ok2 = ok
&& await step('the account admin accepts the invitation', async () => {
  await admin.goto(invitationUrl);
  await admin.getByLabel('Choose a password').waitFor();
  await shot(admin, 'invite', { ours: true });
  await admin.getByLabel('Choose a password').fill(adminPassword);
  await admin.getByLabel('Repeat the password').fill(adminPassword);
  await admin.getByRole('button', { name: /Set password/ }).click();
  await admin.waitForURL((u) => u.pathname === '/ui/' || u.pathname === '/ui');
  await admin.locator('aside[data-slot=sidebar] nav a').first().waitFor();
  await admin.waitForLoadState('networkidle');
  await shot(admin, 'dashboard-after-invitation');
  result.envCredentialBanner = await admin.evaluate(() => document.body.innerText.includes('Environment-credential login'));
})
&& await step('the account admin creates a key in the dashboard', async () => {
  await admin.goto(config.base + '/ui/api-keys/');
  await admin.getByRole('button', { name: /Create New Key/ }).click();
  await admin.locator('#key_alias').fill('console-e2e-key');
  await shot(admin, 'create-key-form');
  await admin.getByRole('button', { name: 'Create Key' }).click();
  await admin.getByText('Save your Key').waitFor();
  const dialogText = await admin.getByRole('dialog').filter({ hasText: 'Save your Key' }).innerText();
  result.createdKey = (dialogText.match(/sk-[A-Za-z0-9_-]+/) || [null])[0];
  await shot(admin, 'key-created');
})
&& await step('the account admin signs in with a password and keeps the deep link', async () => {
  const page = await newPage();
  await signIn(page, adminEmail, adminPassword, `/ui/login/?redirect_to=${encodeURIComponent(config.base + '/ui/api-keys/')}`);
  await page.waitForURL(/\/ui\/api-keys\//);
  await page.getByText('console-e2e-key').first().waitFor();
  result.envCredentialBanner ||= await page.evaluate(() => document.body.innerText.includes('Environment-credential login'));
  await shot(page, 'account-admin-login-deep-link');
  result.accountAdminLanding = page.url().replace(config.base, '');
  // The sidebar pages an admin reaches: the super admin's crawl below tries each.
  for (let i = 0; i < 12; i++) {
    const closed = page.locator('aside[data-slot=sidebar] nav button[aria-expanded=false]');
    if (await closed.count() === 0) break;
    await closed.first().click();
    await page.waitForTimeout(150);
  }
  result.sidebar = await page.evaluate(() => [...document.querySelectorAll('aside[data-slot=sidebar] nav a')]
    .map((a) => a.getAttribute('href')).filter((h) => h && h.startsWith('/')));
  await page.goto(config.base + '/ui/tenant-admin/');
  await page.waitForLoadState('domcontentloaded');
  result.accountAdminAtTenantAdmin = page.url().replace(config.base, '');
})
&& await step('the dashboard\'s own sign-out lands on our login page', async () => {
  const page = await newPage();
  await signIn(page, adminEmail, adminPassword);
  await page.locator('aside[data-slot=sidebar] nav a').first().waitFor();
  const session = (await page.context().cookies()).find((c) => c.name === 'token')?.value;
  await page.locator('aside[data-slot=sidebar] [data-slot=sidebar-footer] button[aria-label^="Account menu"]').first().click();
  await page.getByText('Logout', { exact: true }).click();
  await landOn(page, /\/ui\/login/);
  await page.getByLabel('Email').waitFor();
  // The signed-out session must stop working (the build hands it to POST /alchemi/logout).
  const sessionStatus = await page.evaluate(async (token) => {
    let status = null;
    for (let i = 0; i < 25; i++) {
      status = (await fetch('/team/list', { credentials: 'omit', headers: { Authorization: `Bearer ${token}` } })).status;
      if (status === 401) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return status;
  }, session);
  result.dashboardLogout = { url: page.url().replace(config.base, ''), hadSession: !!session, sessionStatus,
    ours: await page.evaluate(() => !!document.querySelector('script[src*="/ui/_console/"]')) };
  await shot(page, 'dashboard-sign-out', { ours: true });
});

const ok3 = ok2 && config.sso
&& await step('the super admin configures the account\'s SSO and tests the connection', async () => {
  await sa.goto(config.base + '/ui/tenant-admin/');
  const row = sa.getByTestId('account-row').filter({ hasText: account.name });
  await row.getByRole('button', { name: 'Manage' }).click();
  await sa.getByRole('button', { name: 'Configure SSO' }).click();
  const form = sa.getByRole('form', { name: 'SSO configuration' });
  await form.getByLabel('Provider').selectOption('oidc');
  await form.getByLabel('Issuer URL').fill(config.sso.issuer);
  await form.getByLabel('Client id').fill(config.sso.clientId);
  await form.getByLabel('Client secret').fill(config.sso.clientSecret);
  await form.getByRole('button', { name: /Test connection/ }).click();
  await sa.getByTestId('sso-test-result').waitFor();
  result.ssoTest = await sa.getByTestId('sso-test-result').innerText();
  await shot(sa, 'sso-test-connection', { ours: true });
  await form.getByRole('button', { name: 'Save' }).click();
  await sa.getByRole('button', { name: 'Edit SSO' }).waitFor();
  result.ssoSaved = await sa.locator('dl').innerText();
  await shot(sa, 'sso-configured', { ours: true });
})
&& await step('a user of the account signs in with SSO and keeps the deep link', async () => {
  const page = await newPage();
  await page.goto(`${config.base}/ui/login/?redirect_to=${encodeURIComponent(config.base + '/ui/api-keys/')}`);
  await page.getByLabel('Email').fill(config.sso.email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.pathname === '/ui/api-keys/');
  await page.locator('aside[data-slot=sidebar]').first().waitFor();
  await page.waitForLoadState('networkidle');
  await shot(page, 'sso-user-signed-in');
  result.ssoLanding = page.url().replace(config.base, '');
});

if (ok2 && (ok3 || !config.sso)) {
  await step('the super admin cannot reach dashboard pages', async () => {
    for (const href of [...new Set(['/ui/', ...result.sidebar])]) {
      await sa.goto(config.base + href, { waitUntil: 'domcontentloaded' });
      result.crawl[href] = sa.url().replace(config.base, '');
    }
    await sa.getByRole('heading', { name: 'Tenant Admin' }).waitFor();
    await shot(sa, 'super-admin-redirected', { ours: true });
  });
  await step('the super admin signs out', async () => {
    await sa.getByRole('button', { name: /Sign out/ }).click();
    await sa.waitForURL(/\/ui\/login/);
    await sa.getByLabel('Email').waitFor();
    await sa.goto(config.base + '/ui/tenant-admin/');
    await sa.getByLabel('Email').waitFor();
    result.afterSignOut = sa.url().replace(config.base, '');
    await shot(sa, 'signed-out', { ours: true });
  });
}

await browser.close();
fs.writeFileSync(config.out, JSON.stringify(result, null, 1));

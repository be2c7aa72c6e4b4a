// Takes the README's screenshots of the credential form, Test connection and the acrLogin binding form from a
// running Jenkins with this plugin installed, in Debian's headless Chromium driven by Playwright.
//
//   node take-screenshots.mjs --jenkins http://localhost:8080/jenkins/ --stack stack.json [--out DIR]
//                             [--user admin --password admin]
//
// --stack is the JSON line LocalStackMain prints (run.sh starts it with seed.json): the local Entra + ACR stand-in
// that Test connection talks to. The script only drives the web UI: it adds two credentials through the form, so
// run it against a throwaway Jenkins.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) => {
  if (arg.startsWith('--')) pairs.push([arg.slice(2), all[i + 1]]);
  return pairs;
}, []));
const jenkins = (args.jenkins || process.env.JENKINS_URL || '').replace(/\/?$/, '/');
if (!args.jenkins && !process.env.JENKINS_URL) throw new Error('give --jenkins URL (or JENKINS_URL)');
if (!args.stack) throw new Error('give --stack FILE (the JSON line LocalStackMain printed)');
const stack = JSON.parse(readFileSync(args.stack, 'utf8'));
const seed = JSON.parse(readFileSync(new URL('./seed.json', import.meta.url), 'utf8'));
const sp = seed.servicePrincipals[0];
const out = args.out || new URL('.', import.meta.url).pathname;
const STORE = 'manage/credentials/store/system/domain/_/';
const KIND = 'Azure Container Registry (Entra identity)';

const profile = mkdtempSync(join(tmpdir(), 'acr-screenshots-'));
// a fresh profile each run: Playwright passes it to Chromium as --user-data-dir
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  deviceScaleFactor: 1,
});
const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(30_000);

async function go(path) {
  await page.goto(jenkins + path, { waitUntil: 'networkidle' });
  // the sticky header and button bar would otherwise sit on top of element screenshots
  await page.addStyleTag({ content: '#page-header, #breadcrumbBar { display: none !important; }'
    + ' #bottom-sticker, .bottom-sticker-inner { position: static !important; }' });
}

async function login() {
  if (!args.user) return;
  await go('login');
  await page.fill('input[name="j_username"]', args.user);
  await page.fill('input[name="j_password"]', args.password || '');
  await Promise.all([page.waitForLoadState('networkidle'), page.click('button[name="Submit"], input[name="Submit"]')]);
}

/** Opens "New credentials" with our kind chosen; the kind's form is loaded on demand. */
async function newCredential() {
  await go(STORE + 'newCredentials');
  const kind = page.locator('select', { has: page.locator('option', { hasText: KIND }) }).first();
  await kind.selectOption({ label: KIND });
  await visible('input[name="_.registry"]').waitFor();
  await page.waitForLoadState('networkidle');
}

async function choose(name, value) {
  await page.locator(`input[type=radio][name="${name}"][value="${value}"]`).check({ force: true });
}

/** The visible control: "New credentials" keeps the forms of kinds not chosen in the page, hidden. */
function visible(selector) {
  return page.locator(`${selector} >> visible=true`).first();
}

async function fill(field, value) {
  const input = visible(`input[name="_.${field}"]`);
  await input.fill(value);
  await input.blur(); // Jenkins checks a field when it loses focus
}

/** The credential form only: from the registry field to the Test connection button. */
function form() {
  return page.locator('form[name="newCredentials"]');
}

async function shoot(name, locator) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300); // validation messages fade in
  const file = join(out, name);
  if (locator) {
    await locator.screenshot({ path: file });
  } else {
    await page.screenshot({ path: file, fullPage: true });
  }
  console.log('wrote', file);
}

async function cloudAndTrust() {
  await page.getByRole('button', { name: 'Cloud and trust' }).click();
  await visible('select[name="_.cloud"]').selectOption('custom');
  await fill('authorityHost', stack.authorityHost);
  await fill('allowedRegistryHosts', stack.registryHost);
  await fill('caCertificateFile', stack.caCertificatePem);
}

async function testConnection(permissions) {
  await visible('input[name="permissions"]').fill(permissions || '');
  const button = visible('button[data-validate-button-method="testConnection"]');
  const status = button.locator('xpath=following-sibling::div[contains(@class,"__status")]');
  await status.evaluate((e) => { e.innerHTML = ''; }); // wait for this answer, not the previous one
  await button.click();
  await status.locator('.ok, .warning, .error').first().waitFor();
  return status;
}

try {
  await login();
  if (args.only !== 'binding') {

  // 1. a service principal: only its fields; Test connection with a permission the identity lacks
  await newCredential();
  await fill('registry', stack.registryHost);
  await fill('tenantId', sp.tenantId);
  await fill('clientId', sp.clientId);
  await visible('input[name="_.clientSecret"]').fill(sp.secret);
  await cloudAndTrust();
  await fill('id', 'acr-contoso');
  await visible('input[name="_.description"]').fill('release pushes');
  await testConnection('ci/app:pull,push ci/app:delete');
  await shoot('credential-form.png', form());

  // 2. the same credential with a wrong secret: an error naming the field and the fix
  await visible('input[name="_.clientSecret"]').fill('not-the-secret-value');
  await testConnection('');
  await shoot('test-connection-wrong-secret.png',
    visible('button[data-validate-button-method="testConnection"]').locator('xpath=ancestor::div[contains(@class,"jenkins-validate-button__container")]'));
  await visible('input[name="_.clientSecret"]').fill(sp.secret);
  await Promise.all([page.waitForLoadState('networkidle'), page.getByRole('button', { name: 'Create' }).click()]);

  // 3. inline checks with the CLI's rules, in the form's words
  await newCredential();
  await fill('tenantId', 'common');
  await fill('clientId', 'my-app');
  await fill('registry', 'contoso');
  await shoot('inline-validation.png', form());

  // 4. a managed identity: its own fields only; saved for the list below
  await newCredential();
  await fill('registry', 'fabrikam.azurecr.io');
  await choose('identityType', 'MANAGED_IDENTITY');
  await visible('select[name="userAssignedIdType"]').selectOption('CLIENT_ID');
  await fill('userAssignedId', '0f6a3e2c-1111-4c1b-9d7e-5b5b5b5b5b5b');
  await visible('select[name="usedOn"]').selectOption('AGENT');
  await fill('id', 'acr-fabrikam-agents');
  await shoot('credential-form-managed-identity.png', form());
  await Promise.all([page.waitForLoadState('networkidle'), page.getByRole('button', { name: 'Create' }).click()]);

  // 5. the credentials list: registry and identity tell them apart
  await go(STORE);
  await shoot('credentials-list.png', page.locator('#main-panel'));

  }

  // 6. the acrLogin binding in the snippet generator: credential, registry, clients, then the optional variables
  await page.goto(jenkins + 'pipeline-syntax/', { waitUntil: 'networkidle' }); // its menus need the sticky header
  await page.locator('select.setting-input, select').filter({ hasText: 'withCredentials' }).first()
    .selectOption({ label: 'withCredentials: Bind credentials to variables' });
  await page.getByRole('button', { name: 'Add' }).first().click();
  await page.getByText('Azure Container Registry login (docker, podman, helm)', { exact: true }).click();
  await visible('input[name="_.tools"]').fill('docker,helm');
  await visible('input[name="_.tools"]').blur();
  await shoot('binding-form.png', page.locator('#main-panel'));
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

import test from 'ava';
import { chromium, type Browser } from 'playwright-core';
import type { OpenApiDocument } from '../../../src/plugins/api/openapi/index.ts';
import { chromiumPath, needs } from '../../helpers/services.ts';
import { startDeployment, type Deployment } from './deployment.ts';

let deployment: Deployment;
let browser: Browser;

// Needs Debian's Chromium; without it the file is one skipped line (a failure under DBSBM_REQUIRE_SERVICES=1).
const browserTests = await needs(['chromium']);
browserTests.tests(test, (test) => {
  test.before(async () => {
    deployment = await startDeployment();
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });
  test.after.always(async () => {
    await browser?.close();
    await deployment?.close();
  });

  test('the docs page renders every operation of the document, and the browser blocks nothing on it', async (t) => {
    const doc = (await (await fetch(`${deployment.url}/api/v1/openapi.json`)).json()) as OpenApiDocument;
    const operations = Object.values(doc.paths ?? {}).reduce((n, item) => n + Object.keys(item).length, 0);
    const page = await browser.newPage();
    const blocked: string[] = [];
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.exposeFunction('reportViolation', (what: string) => blocked.push(what));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { reportViolation(what: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    await page.goto(`${deployment.url}/api/docs`);
    t.is(new URL(page.url()).pathname, '/api/docs/');
    await page.waitForSelector('.swagger-ui .info .title');
    t.regex((await page.locator('.swagger-ui .info .title').textContent()) ?? '', /^DBSBM API/);
    await page.waitForFunction((n) => document.querySelectorAll('.opblock').length === n, operations);
    t.is(await page.locator('.opblock').count(), operations);
    // Opening an operation renders its parameters and answers (the problem schemas among them).
    await page.locator('.opblock-summary', { hasText: '/api/v1/openapi.json' }).first().click();
    await page.waitForSelector('.opblock.is-open .responses-wrapper');
    t.deepEqual(blocked, [], 'the Content-Security-Policy blocked nothing');
    t.deepEqual(errors, []);
    await page.close();
  });
});

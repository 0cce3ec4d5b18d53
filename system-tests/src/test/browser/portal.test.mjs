// The portal end to end in headless Chromium, against a gateway in front of the real services (PortalIT starts
// them and checks the downloaded HDF5 file). PORTAL_URL: the gateway; OUT_DIR: screenshots, downloads, facts.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, PortalPage } from './portal-page.mjs';

const BASE = process.env.PORTAL_URL ?? 'http://localhost:8080/';
const OUT = process.env.OUT_DIR ?? '.';
/** As the Messages pane writes a duration: "850 ms", or "10.4 s" from 10 s on (a busy machine). */
const DURATION = '\\d+(\\.\\d+)? m?s';
const SEED = 'SELECT * FROM gaia.completesource WHERE alpha < 1.61835 AND alpha > 1.61815 AND delta < 0.40205 AND delta > 0.40185';
/** What the Java side checks afterwards (the HDF5 file's rows). */
const facts = {};

/** alice, in group gaia (Gaia is private to it); she logs in through the identity provider's login page. */
const USER = process.env.PORTAL_USER ?? 'alice';
const PASSWORD = process.env.PORTAL_PASSWORD ?? 'alice-password';

describe('an anonymous visitor', () => {
  test('sees no Gaia anywhere: not in the tree, and its tables do not exist for a typed query', async () => {
    const browser = await launchBrowser();
    try {
      const anonymous = await PortalPage.open(browser, BASE, OUT);
      await anonymous.page.locator('#account a#login', { hasText: 'Log in' }).waitFor();
      await anonymous.page.locator('.table-link').first().waitFor();   // the tree has loaded (ivoa.obscore at least)
      assert.equal(await anonymous.page.locator('.table-link[data-table^="gaia."]').count(), 0);
      assert.doesNotMatch(await anonymous.page.locator('#tree').textContent(), /gaia\./i);
      await assert.rejects(anonymous.editorSearch(SEED), /does not exist/);
    } finally {
      await browser.close();
    }
  });
});

describe('portal as alice, a member of group gaia', () => {
  let browser;
  let portal;

  before(async () => {
    browser = await launchBrowser();
    portal = await PortalPage.open(browser, BASE, OUT);
  });

  after(async () => {
    writeFileSync(join(OUT, 'facts.json'), JSON.stringify(facts, null, 2));
    await browser?.close();
  });

  test('alice logs in through the identity provider and the header names her', async () => {
    await portal.login(USER, PASSWORD);
    assert.equal(new URL(portal.page.url()).pathname, new URL(BASE).pathname, 'back on the portal');
    assert.match(await portal.page.locator('#account').textContent(), /Logged in as alice \(gaia\)\s*Log out/);
    facts.loginScreenshot = await portal.screenshot('portal-logged-in');
  });

  test('the collections tree groups tables under Observation and Simulation', async () => {
    await portal.tableLink('gaia.completesource').waitFor();
    const categories = await portal.page.locator('#tree summary').allTextContents();
    assert.ok(categories.includes('Observation'), `categories: ${categories}`);
    assert.equal(await portal.tableLink('gaia.astroelementary').count(), 1);
  });

  test('a Form search reproduces the seed query and finds its 5 sources, with their transits', async () => {
    await portal.chooseTable('gaia.completesource');
    // Min/Max hints come from the indexed columns' ranges
    await portal.page.locator('#hint-alpha', { hasText: 'range' }).waitFor();
    await portal.setBounds('alpha', '1.61815', '1.61835');
    await portal.setBounds('delta', '0.40185', '0.40205');
    assert.equal(await portal.formAdql(), SEED);
    assert.equal(await portal.search(), 5);
    const transits = portal.result('gaia.astroelementary');
    await transits.waitFor();
    facts.transits = await portal.rowCount(transits);
    assert.ok(facts.transits > 0, 'the seed sources have transits');
    // the sky plot has one point per source
    assert.equal(await portal.page.locator('#skyplot circle.point').count(), 5);
    facts.formScreenshot = await portal.screenshot('portal-form-search');
  });

  test('the Messages pane reports where the time of each step went', async () => {
    const search = portal.page.locator('#messages li.success', { hasText: 'Search gaia.completesource: 5 rows' });
    const timings = (await search.locator('.timings').textContent()).trim();
    for (const step of ['request', 'transfer', 'parse', 'render', 'total']) assert.match(timings, new RegExp(`${step} ${DURATION}`), timings);
    assert.ok(Number(await search.locator('.timings').getAttribute('data-total-ms')) >= 0);
    facts.searchTimings = timings;
  });

  test('downloads of the result in VOTable, CSV and FITS come from TAP RESPONSEFORMAT', async () => {
    for (const [format, check] of [['votable', (b) => b.includes('<VOTABLE')], ['csv', (b) => b.split('\n')[0].includes('source_id')],
      ['fits', (b) => b.startsWith('SIMPLE  =')]]) {
      const href = await portal.page.locator(`#dl-${format}`).getAttribute('href');
      assert.match(href, /RESPONSEFORMAT=/);
      const response = await portal.page.request.get(href);   // with the browser's session cookie
      assert.equal(response.status(), 200, `${format}: ${href}`);
      assert.ok(check((await response.body()).toString('latin1')), `${format} content`);
    }
  });

  test('SAMP: the result goes to a VO tool through the Web Profile hub', { skip: !process.env.SAMP_RECIPIENT && 'no SAMP hub (PortalIT starts one)' }, async () => {
    const recipient = process.env.SAMP_RECIPIENT;
    await portal.page.locator('#samp-connect').click();
    await portal.page.locator('#samp-target option', { hasText: recipient }).waitFor({ state: 'attached' });
    await portal.page.locator('#samp-target').selectOption({ label: recipient });
    await portal.page.locator('#samp-send').click();
    await portal.page.locator('#messages li.success', { hasText: `Sent gaia.completesource to ${recipient}` }).waitFor();
  });

  test('Cut & Merge of two selected sources downloads an HDF5 file of those rows', async () => {
    facts.selectedSources = await portal.selectRows('gaia.completesource', [0, 2], 'source_id');
    assert.equal(await portal.page.locator('#skyplot circle.point.checked').count(), 2);
    const { path, message, suggested } = await portal.cutAndMerge('#cutmerge', 'cutmerge-selected.h5');
    facts.cutmergeFile = path;
    assert.match(suggested, /\.h5$/);
    assert.equal(readFileSync(path).subarray(1, 4).toString(), 'HDF');
    assert.match(message, /2 rows/);
    const timings = await portal.page.locator('#messages li.success', { hasText: 'Cut & Merge of' }).first().locator('.timings').textContent();
    for (const step of ['selection', 'storage lookup', 'merge', 'download', 'total']) assert.match(timings, new RegExp(`${step} ${DURATION}`), timings);
    facts.cutmergeTimings = timings.trim();
    facts.cutmergeScreenshot = await portal.screenshot('portal-cutmerge');
  });

  test('an Editor search runs the typed ADQL', async () => {
    const rows = await portal.editorSearch('SELECT TOP 3 source_id, ra, dec, access_url FROM gaia.completesource ORDER BY source_id');
    assert.equal(rows, 3);
    assert.equal(await portal.page.locator('.result').first().locator('thead th').count(), 5, 'checkbox column + 4 columns');
  });

  test('a TAP error is shown with the service\'s message', async () => {
    await portal.page.locator('#editor .cm-content').fill('SELECT alfa FROM gaia.completesource');
    await assert.rejects(portal.search(), /alfa/);
    assert.match(await portal.page.locator('#error').textContent(), /Search failed: .*alfa/);
    facts.errorScreenshot = await portal.screenshot('portal-error');
  });

  test('the basket keeps rows across searches and Cut & Merges them', async () => {
    await portal.page.locator('#tab-form').click();
    assert.equal(await portal.search(), 5);
    facts.basketSources = await portal.selectRows('gaia.completesource', [1], 'source_id');
    await portal.page.locator('#add-basket').click();
    await portal.editorSearch('SELECT TOP 2 * FROM gaia.completesource ORDER BY source_id DESC');
    facts.basketSources.push(...await portal.selectRows('gaia.completesource', [0], 'source_id'));
    await portal.page.locator('#add-basket').click();
    assert.equal(await portal.page.locator('#basket-count').textContent(), '2');
    const { path } = await portal.cutAndMerge('#basket-cutmerge', 'cutmerge-basket.h5');
    facts.basketFile = path;
  });

  test('an asynchronous job shows its progress and returns the rows', async () => {
    await portal.page.locator('#tab-form').click();
    await portal.page.locator('#async').check();
    assert.equal(await portal.search(), 5);
    const message = await portal.page.locator('#messages li.success', { hasText: 'Search gaia.completesource' }).first().locator('.timings').textContent();
    assert.match(message, new RegExp(`submit ${DURATION} · job ${DURATION}`));
    await portal.page.locator('#async').uncheck();
  });

  test('Reset clears the form and the results but keeps the basket', async () => {
    await portal.page.locator('#reset').click();
    assert.equal(await portal.page.locator('#results').isVisible(), false);
    assert.equal(await portal.page.getByLabel('alpha minimum', { exact: true }).inputValue(), '');
    assert.equal(await portal.page.locator('#basket-count').textContent(), '2');
  });

  test('the Help and status pages load', async () => {
    await portal.page.goto(new URL('help.html', BASE).href);
    assert.match(await portal.page.locator('#pyvo pre').textContent(), /TAPService\("http:\/\/.*\/tap"\)/);
    facts.helpScreenshot = await portal.screenshot('portal-help');
    await portal.page.goto(new URL('status.html', BASE).href);
    await portal.page.locator('#services .UP').first().waitFor();
  });

  test('no script errors', () => {
    // a missing resolver or SAMP hub is reported in the page, never as an uncaught error
    assert.deepEqual(portal.consoleErrors.filter((e) => !/status of 400/.test(e)), []);
  });

  test('after Log out no Gaia is anywhere: not in the tree, and a typed query finds no such table', async () => {
    await portal.page.goto(BASE);
    await portal.page.locator('#account-user', { hasText: USER }).waitFor();
    await portal.logout();
    assert.equal(new URL(portal.page.url()).pathname, new URL(BASE).pathname, 'back on the portal');
    await portal.page.locator('.table-link').first().waitFor();
    assert.equal(await portal.page.locator('.table-link[data-table^="gaia."]').count(), 0);
    await assert.rejects(portal.editorSearch(SEED), /does not exist/);
    facts.logoutScreenshot = await portal.screenshot('portal-logged-out');
  });
});

// The portal as a user drives it, for the browser tests: open a page per user, log in through the account area
// (the identity provider's login page), then search.
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/**
 * Debian's Chromium (never a browser downloaded by a tool), with no network beyond the page's own requests.
 * Playwright gives it a new empty profile directory itself.
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export class PortalPage {
  constructor(page, baseUrl, outDir) {
    this.page = page;
    this.baseUrl = baseUrl;
    this.outDir = outDir;
    this.consoleErrors = [];
    page.on('pageerror', (e) => this.consoleErrors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') this.consoleErrors.push(m.text()); });
  }

  /**
   * A page in a context of its own; `headers` go with every request to the archive (e.g. a user's HTTP Basic
   * credentials, which is what a browser sends once the archive's 401 challenge has been answered) and with no other:
   * the SAMP hub's CORS would refuse them.
   */
  static async open(browser, baseUrl, outDir, headers = {}) {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1500, height: 1000 } });
    if (Object.keys(headers).length > 0) {
      await context.route(`${new URL(baseUrl).origin}/**`,
        (route) => route.continue({ headers: { ...route.request().headers(), ...headers } }));
    }
    const portal = new PortalPage(await context.newPage(), baseUrl, outDir);
    await portal.page.goto(baseUrl);
    return portal;
  }

  /**
   * Logs in as a user does: "Log in" in the header, the identity provider's login form (standard field names
   * username/password), back on the portal with the user's name in the header.
   */
  async login(user, password) {
    await this.page.locator('#account a#login').click();
    await this.page.locator('input[name="username"]').fill(user);
    await this.page.locator('input[name="password"]').fill(password);
    await this.page.locator('input[type="submit"], button[type="submit"]').first().click();
    await this.page.locator('#account-user', { hasText: user }).waitFor({ timeout: 30_000 });
  }

  /** "Log out" in the header; back on the portal, anonymous. */
  async logout() {
    await this.page.locator('#account a#logout').click();
    await this.page.locator('#account a#login').waitFor({ timeout: 30_000 });
  }

  async screenshot(name) {
    const path = join(this.outDir, `${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  tableLink(table) {
    return this.page.locator(`.table-link[data-table="${table}"]`);
  }

  async chooseTable(table) {
    await this.tableLink(table).click();
    await this.page.locator('#form-title', { hasText: table }).waitFor();
    await this.page.locator('#constraint-rows tr').first().waitFor();
  }

  async setBounds(column, min, max) {
    await this.page.getByLabel(`${column} minimum`, { exact: true }).fill(min);
    await this.page.getByLabel(`${column} maximum`, { exact: true }).fill(max);
  }

  async formAdql() {
    return (await this.page.locator('#adql-preview').textContent()).trim();
  }

  /** Clicks Search and waits for the main result table; returns its row count. */
  async search() {
    const before = await this.page.locator('#messages li').count();
    await this.page.locator('#search').click();
    // every search ends with a message: success or error
    await this.page.waitForFunction((n) => document.querySelectorAll('#messages li').length > n
      && !document.querySelector('#search').disabled, before);
    const error = this.page.locator('#error');
    if (await error.isVisible()) throw new Error(`the search failed: ${await error.textContent()}`);
    return this.rowCount(this.page.locator('.result').first());
  }

  async rowCount(section) {
    return Number(await section.locator('.count').getAttribute('data-rows'));
  }

  result(table) {
    return this.page.locator(`.result[data-table="${table}"]`);
  }

  async editorSearch(adql) {
    await this.page.locator('#tab-editor').click();
    const editor = this.page.locator('#editor .cm-content');
    await editor.click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await editor.fill(adql);
    return this.search();
  }

  /** Ticks the given rows (0-based) of a result table; returns their values of `column`. */
  async selectRows(table, rows, column) {
    const section = this.result(table);
    const header = await section.locator('thead th').allTextContents();
    const index = header.findIndex((h) => h.trim().split(' ')[0] === column);
    const values = [];
    for (const row of rows) {
      const tr = section.locator(`tbody tr[data-row="${row}"]`);
      await tr.locator('input[type="checkbox"]').check();
      values.push((await tr.locator('td').nth(index).textContent()).trim());
    }
    return values;
  }

  /** Clicks a Cut & Merge button, saves the download under outDir; returns its path and the success message. */
  async cutAndMerge(buttonSelector, fileName) {
    const download = this.page.waitForEvent('download', { timeout: 60_000 });
    await this.page.locator(buttonSelector).click();
    const file = await download;
    const path = join(this.outDir, fileName);
    await file.saveAs(path);
    const message = this.page.locator('#messages li.success', { hasText: 'Cut & Merge of' }).first();
    await message.waitFor();
    return { path, message: await message.textContent(), suggested: file.suggestedFilename() };
  }

  async latestMessage() {
    return (await this.page.locator('#messages li').first().textContent()).trim();
  }
}

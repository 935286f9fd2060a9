// Drives the operator dashboard in Debian's chromium (headless) for DashboardIT.
// Environment: DASHBOARD_URL, DASHBOARD_KEY (the API key, a secret: never an argument), TOKEN (the
// token to mint through the page's form), FAILED_TOKEN (a FAILED mint to retry with its button),
// SCREENSHOT (where to save the page once the mint is ATTESTED), TIMEOUT_MS; optionally FILE_TOKEN
// and FILE_TEXT (a token to mint by choosing a file with that content in the page's file form),
// EXTRA_TOKENS (comma-separated tokens minted otherwise, to wait for before the screenshot).
// Without an explorer, follows the transaction links to the service's own transaction view; reads
// the charts, searches the mints by a token's start, pages, and sends a malformed search.
// Prints one JSON object with what it saw; exits non-zero when a step fails.
const { chromium } = require('playwright-core');

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};

// The status of a page the browser may not open: headless Chromium answers a Basic challenge it
// cannot meet by failing the navigation, which counts as refused.
async function refusal(page, url) {
  return page
    .goto(url)
    .then((r) => String(r.status()))
    .catch((e) => (/ERR_INVALID_AUTH_CREDENTIALS/.test(e.message) ? 'refused' : e.message));
}

async function main() {
  const url = env('DASHBOARD_URL');
  const token = env('TOKEN');
  const failedToken = env('FAILED_TOKEN');
  const timeout = Number(process.env.TIMEOUT_MS || 120000);
  const seen = {};
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    const anonymous = await browser.newContext();
    seen.anonymous = await refusal(await anonymous.newPage(), url);
    const wrong = await browser.newContext({
      httpCredentials: { username: 'operator', password: 'wrong-key-0123456789' },
    });
    seen.wrongKey = await refusal(await wrong.newPage(), url);

    const context = await browser.newContext({
      httpCredentials: { username: 'operator', password: env('DASHBOARD_KEY') },
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    // Whatever the page's Content-Security-Policy blocks, Chromium reports on the console.
    seen.cspViolations = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) seen.cspViolations.push(m.text());
    });
    // The inline reload script runs under the CSP: the page reloads itself within seconds.
    await page.goto(url);
    seen.reloaded = await page
      .waitForNavigation({ timeout: 15000 })
      .then(() => true)
      .catch(() => false);
    seen.status = (await page.goto(`${url}?reload=false`)).status();
    // The inline style applies under the CSP: table headers get their grey background.
    seen.headerBackground = await page.$eval('th', (th) => getComputedStyle(th).backgroundColor);
    seen.sections = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent));
    seen.queues = await page.$$eval('#queues tr td:first-child', (tds) => tds.map((td) => td.textContent));

    await page.fill('input[name=tokenAddress]', token);
    await page.fill('input[name=fileName]', 'dashboard.txt');
    await page.fill('textarea[name=privacyData]', 'notes typed into the dashboard');
    await Promise.all([page.waitForURL(/message=/), page.click('#submit button')]);
    seen.message = await page.textContent('#message');

    const fileToken = process.env.FILE_TOKEN;
    if (fileToken) {
      await page.goto(`${url}?reload=false`);
      await page.fill('#upload input[name=tokenAddress]', fileToken);
      await page.setInputFiles('#upload input[name=file]', {
        name: 'chosen.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(env('FILE_TEXT'), 'utf8'),
      });
      await Promise.all([page.waitForURL(/message=/), page.click('#upload button')]);
      seen.uploadMessage = await page.textContent('#message');
    }

    const row = `#mints tr[data-token="${token}"]`;
    const extras = (process.env.EXTRA_TOKENS || '').split(',').filter((t) => t);
    const deadline = Date.now() + timeout;
    for (;;) {
      await page.goto(`${url}?reload=false`);
      seen.lastState = await page.getAttribute(row, 'data-state').catch(() => null);
      if (fileToken) {
        seen.fileState = await page
          .getAttribute(`#mints tr[data-token="${fileToken}"]`, 'data-state')
          .catch(() => null);
      }
      seen.extraStates = [];
      for (const extra of extras) {
        seen.extraStates.push(
          await page.getAttribute(`#mints tr[data-token="${extra}"]`, 'data-state').catch(() => null),
        );
      }
      if (
        seen.lastState === 'ATTESTED' &&
        (!fileToken || seen.fileState === 'ATTESTED') &&
        seen.extraStates.every((s) => s === 'ATTESTED')
      )
        break;
      if (Date.now() > deadline) throw new Error(`not ATTESTED in time: ${JSON.stringify(seen)}`);
      await page.waitForTimeout(500);
    }
    // Loaded again: the charts of the load that saw the last ATTESTED may predate it (their queries
    // run before the table's); now that every mint is settled, this load's numbers hold still.
    await page.goto(`${url}?reload=false`);
    seen.timeline = await page.$$eval(`${row} ol li`, (lis) => lis.map((li) => li.textContent));
    seen.links = await page.$$eval(`${row} a.tx`, (as) =>
      as.map((a) => ({ text: a.textContent, href: a.href, target: a.target })),
    );
    // The charts: four inline SVGs that take room on the page, and the numbers they carry.
    seen.charts = await page.$$eval('svg[id^="chart-"]', (svgs) =>
      svgs.map((s) => ({
        id: s.id,
        width: s.getBoundingClientRect().width,
        height: s.getBoundingClientRect().height,
        bars: s.querySelectorAll('rect').length,
      })),
    );
    seen.funnel = await page.$$eval('#chart-funnel rect[data-state]', (rs) =>
      Object.fromEntries(rs.map((r) => [r.dataset.state, Number(r.dataset.count)])),
    );
    await page.screenshot({ path: env('SCREENSHOT'), fullPage: true });

    // Without an explorer, a transaction link opens the service's own view of the transaction.
    for (const name of ['reward', 'attestation']) {
      const link = seen.links.find((l) => l.text === name);
      if (!link || !link.href.includes('/dashboard/tx/')) continue;
      const answer = await page.goto(link.href);
      seen[`${name}View`] = {
        status: answer.status(),
        hash: await page.textContent('#hash'),
        state: await page.textContent('dd[data-field="state"]').catch(() => null),
        purpose: await page.textContent('dd[data-field="purpose"]').catch(() => null),
        notSent: (await page.$('#not-sent')) !== null,
        uses: await page.$$eval('#uses tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent)),
      };
    }

    // Searching by the token's start lists only the mints whose address starts with it.
    await page.goto(`${url}?reload=false`);
    await page.fill('#search input[name=token]', `0x${token.slice(2, 12).toUpperCase()}`);
    await Promise.all([page.waitForURL(/token=/), page.click('#search button')]);
    seen.search = {
      rows: await page.$$eval('#mints tr[data-token]', (trs) => trs.map((tr) => tr.dataset.token)),
      total: await page.getAttribute('#pager', 'data-total'),
      value: await page.inputValue('#search input[name=token]'),
    };
    // One mint per page: the second page, and its link to the third.
    await page.goto(`${url}?reload=false&size=1&page=1`);
    seen.paged = {
      rows: await page.$$eval('#mints tr[data-token]', (trs) => trs.map((tr) => tr.dataset.token)),
      total: await page.getAttribute('#pager', 'data-total'),
      pages: await page.getAttribute('#pager', 'data-pages'),
      pager: await page.textContent('#pager'),
    };
    await Promise.all([page.waitForURL(/page=2/), page.click('#next')]);
    seen.paged.next = await page.$$eval('#mints tr[data-token]', (trs) => trs.map((tr) => tr.dataset.token));
    const bad = await page.goto(`${url}?reload=false&token=not-an-address`);
    seen.badSearch = { status: bad.status(), message: await page.textContent('#message') };
    await page.goto(`${url}?reload=false`);

    const failedRow = `#mints tr[data-token="${failedToken}"]`;
    seen.failedBefore = await page.getAttribute(failedRow, 'data-state');
    await Promise.all([page.waitForURL(/message=/), page.click(`${failedRow} button`)]);
    seen.retryMessage = await page.textContent('#message');
    seen.failedAfter = await page.getAttribute(failedRow, 'data-state');
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(seen));
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});

// Drives the service's Bull Board (/admin/queues) in Debian's chromium (headless) for
// BullBoardBrowserIT. Environment: BOARD_URL, BOARD_KEY (the API key, a secret: never an argument),
// FAILED_QUEUE, FAILED_NAME and FAILED_REASON (a failed job the board must show), TIMEOUT_MS,
// optionally SCREENSHOT (where to save the failed list) and RETRY=1: then it clicks the job's Retry
// button (confirming if the UI asks) and waits until the job shows in the completed list.
// Prints one JSON object with what it saw; exits non-zero when a step fails.
const { chromium } = require('playwright-core');

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};

async function main() {
  const url = env('BOARD_URL');
  const timeout = Number(process.env.TIMEOUT_MS || 60000);
  const seen = { errors: [] };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  try {
    const anonymous = await browser.newContext();
    seen.anonymous = await (await anonymous.newPage())
      .goto(url)
      .then((r) => String(r.status()))
      .catch((e) => (/ERR_INVALID_AUTH_CREDENTIALS/.test(e.message) ? 'refused' : e.message));
    const context = await browser.newContext({
      httpCredentials: { username: 'operator', password: env('BOARD_KEY') },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    page.on('console', (m) => {
      if (m.type() === 'error') seen.errors.push(m.text());
    });
    await page.goto(url);
    for (const q of ['lazai-mint-dat', 'lazai-fetch-attestator', 'lazai-cron-fetch-attestator']) {
      await page.getByText(q, { exact: false }).first().waitFor();
    }
    seen.queues = true;
    await page.goto(`${url}/queue/${env('FAILED_QUEUE')}?status=failed`);
    await page.getByText(env('FAILED_REASON'), { exact: false }).first().waitFor();
    seen.failedReason = true;
    if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
    seen.text = (await page.textContent('body')).slice(0, 20000);
    if (process.env.RETRY === '1') {
      const retried = page.waitForResponse(
        (r) => r.request().method() === 'PUT' && /\/retry$/.test(new URL(r.url()).pathname),
      );
      // The job card's actions are icon buttons; for a failed job Retry comes first. Its tooltip
      // shows on hover: check it names Retry before clicking.
      const button = page.locator('[class*="jobActions"] button').first();
      await button.hover();
      await page.getByText('Retry', { exact: true }).first().waitFor();
      await button.click();
      const confirm = page.getByRole('button', { name: 'Confirm', exact: true });
      await Promise.race([
        retried,
        confirm.waitFor({ timeout: 5000 }).then(() => confirm.click()).catch(() => {}),
      ]);
      seen.retryStatus = (await retried).status();
      await page.goto(`${url}/queue/${env('FAILED_QUEUE')}?status=completed`);
      const name = page.getByText(env('FAILED_NAME'), { exact: false }).first();
      // The board polls; reload as well, so a slow poll cannot make the wait flaky.
      const deadline = Date.now() + timeout;
      for (;;) {
        try {
          await name.waitFor({ timeout: 5000 });
          break;
        } catch (e) {
          if (Date.now() > deadline) throw new Error('the retried job never showed as completed');
          await page.reload();
        }
      }
      seen.completed = true;
      seen.completedText = (await page.textContent('body')).slice(0, 20000);
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(seen));
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});

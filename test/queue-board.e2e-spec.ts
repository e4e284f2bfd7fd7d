import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ADMIN_TOKEN, startHub, type Hub } from './support/hub';
import { waitUntil } from './support/processes';
import { INBOUND, failedJobs, inboundQueue } from './support/queues';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];
const MORE_ARGS = ['--disable-sync', '--no-first-run'];
// Debian's chromium (`apt-get install -y chromium`; .ci/run installs it). Without it this suite is skipped, saying why.
const describeWithChromium = existsSync(CHROMIUM) ? describe : describe.skip;
// Jest prints a skipped suite's title only with --verbose: say it where a newcomer looks.
if (!existsSync(CHROMIUM)) process.stderr.write(`queue-board: SKIPPED, ${CHROMIUM} is missing (apt-get install -y chromium)\n`);
const title = existsSync(CHROMIUM)
  ? 'Bull Board at /admin/queues in a real browser'
  : `Bull Board at /admin/queues in a real browser (SKIPPED: ${CHROMIUM} is missing; run apt-get install -y chromium)`;

describeWithChromium(title, () => {
  let hub: Hub;
  let browser: Browser;
  let jobId: string;

  beforeAll(async () => {
    hub = await startHub({ workers: 1 });
    [jobId] = await failedJobs(hub, 1);
    // With no worker left, a retried job stays waiting, where the test can see it.
    await hub.workers[0].stop();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...MORE_ARGS] });
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
  });

  const signIn = async (page: Page, token: string): Promise<void> => {
    await page.goto(`${hub.baseUrl}/admin/queues`);
    await page.fill('input[name=token]', token);
    await page.click('button[type=submit]');
  };

  it('is closed to anyone without the token, in the browser and on its API', async () => {
    const page = await browser.newPage();
    const first = await page.goto(`${hub.baseUrl}/admin/queues`);
    expect(first?.status()).toBe(401);
    await signIn(page, 'not-the-admin-token-at-all');
    expect(await page.textContent('body')).toContain('That token is not right');
    expect((await page.context().cookies()).length).toBe(0);
    await page.close();
    expect((await fetch(`${hub.baseUrl}/admin/queues/api/queues`)).status).toBe(401);
    const bearer = await fetch(`${hub.baseUrl}/admin/queues/api/queues`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(bearer.status).toBe(200);
  });

  it('signs in with the token, shows every queue with its counts, and retries a failed job', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, ADMIN_TOKEN);
    await page.waitForURL(`${hub.baseUrl}/admin/queues/`);

    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'hub_admin', httpOnly: true, sameSite: 'Strict', path: '/admin/queues' });
    expect(cookie.value).not.toContain(ADMIN_TOKEN);

    // The overview: the inbound queue, with one failed job.
    const card = page.locator('main').filter({ hasText: INBOUND });
    await card.waitFor();
    await waitUntil(async () => /failed\s*1/i.test(await card.innerText()), 'the failed count on the queue card');

    await page.goto(`${hub.baseUrl}/admin/queues/queue/${INBOUND}?status=failed`);
    await page.getByText(jobId, { exact: true }).waitFor();
    await page
      .locator('main')
      .getByText(/withdrawn/)
      .first()
      .waitFor(); // the job's error
    await page.locator('button:has(svg.lucide-refresh-cw):not(:has-text("Retry all"))').first().click();
    const confirm = page.getByRole('button', { name: /^confirm$/i });
    if (await confirm.isVisible().catch(() => false)) await confirm.click();

    const queue = inboundQueue(hub);
    await waitUntil(async () => (await queue.getJobState(jobId)) === 'waiting', 'the job to be retried');
    expect(await queue.getJobCounts('failed', 'waiting')).toEqual({ failed: 0, waiting: 1 });
    await context.close();
  });
});

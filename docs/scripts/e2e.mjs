// End-to-end test of the docs site: builds it, serves it on loopback, opens the MNIST example in
// Debian's chromium through playwright-core (no browser is downloaded), starts training and checks
// that within 200 steps the loss falls below half its first value, that the page names its backend
// and speed, that no console error appears; saves a screenshot to docs/e2e-out/mnist.png.
// Usage: node scripts/e2e.mjs [--no-build]   (CHROMIUM=/path overrides /usr/bin/chromium)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(docs, '.vitepress', 'dist');
const out = join(docs, 'e2e-out');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const STEPS = 200;

if (!process.argv.includes('--no-build'))
  execFileSync('node', ['scripts/build.mjs', '--no-api'], { cwd: docs, stdio: 'inherit' });
if (!existsSync(executablePath)) {
  console.error(
    `e2e: no chromium at ${executablePath}; install Debian's chromium (apt-get install chromium) or set CHROMIUM`,
  );
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.bin': 'application/octet-stream',
};
// A static server for the built site, with VitePress's clean URLs (/examples/mnist → mnist.html).
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
    /^(\.\.[/\\])+/,
    '',
  );
  let file = join(dist, path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  else if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
  if (!file.startsWith(dist) || !existsSync(file)) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox'] });
const problems = [];
try {
  const context = await browser.newContext({ viewport: { width: 1200, height: 1100 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  context.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  // Nothing may be fetched from anywhere but the site itself.
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      problems.push(`fetched from outside the site: ${r.url()}`);
  });
  await page.goto(`${origin}/examples/mnist`, { waitUntil: 'networkidle' });
  await page.click('[data-test=start]');
  const started = Date.now();
  const stepEl = page.locator('[data-test=step]');
  await page.waitForFunction(
    (n) =>
      Number(document.querySelector('[data-test=step]')?.getAttribute('data-step')) >= n ||
      document.querySelector('[data-test=error]'),
    STEPS,
    { timeout: 300_000, polling: 500 },
  );
  const error = await page.locator('[data-test=error]').count();
  if (error) problems.push(`the page reports: ${await page.locator('[data-test=error]').textContent()}`);
  const step = Number(await stepEl.getAttribute('data-step'));
  const first = Number(await stepEl.getAttribute('data-first-loss'));
  const recent = Number(await stepEl.getAttribute('data-recent-loss'));
  const backend = ((await page.locator('[data-test=backend]').textContent()) ?? '').replace('backend: ', '');
  const speed = ((await page.locator('[data-test=speed]').textContent()) ?? '').trim();
  await page.click('[data-test=stop]');
  await page.waitForSelector('[data-test=confusion]', { timeout: 120_000 });
  // Stop must take effect within moments (the page shows steps a little after the worker runs them),
  // not after the worker's last step (400).
  const stoppedAt = Number(await stepEl.getAttribute('data-step'));
  if (stoppedAt >= 400 || stoppedAt > step + 100)
    problems.push(`stop took effect only at step ${stoppedAt} (clicked at ${step})`);
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'mnist.png'), fullPage: true });
  console.log(
    `e2e: ${step} steps in ${((Date.now() - started) / 1000).toFixed(0)} s on ${backend} (${speed}); first loss ${first.toFixed(3)}, mean of the last 20 steps ${recent.toFixed(3)}; screenshot ${join(out, 'mnist.png')}`,
  );
  if (backend !== 'wasm') problems.push(`the page trains on '${backend}', not wasm`);
  if (!(recent < first / 2))
    problems.push(`the loss did not fall below half its first value: ${first} → ${recent}`);
  if (!/^\d+ samples\/s$/.test(speed) || speed.startsWith('0 '))
    problems.push(`no samples/s shown: '${speed}'`);
} finally {
  await browser.close();
  server.close();
}
if (problems.length > 0) {
  console.error(`e2e failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('e2e: passed');

// End-to-end test of the docs site: builds it, serves it on loopback, opens the MNIST example in
// Debian's chromium through playwright-core (no browser is downloaded), starts training and checks
// that within 200 steps the loss falls below half its first value, that the page names its backend
// and speed, that no console error appears; saves a screenshot to docs/e2e-out/mnist.png. Then opens
// the augmentation example and checks that it draws one strip per image transform @strata/augment
// exports (read from its src/index.ts), each labelled with its call, none blank, some different from the
// original digits, that Resample redraws and that typing the first seed again gives the same pixels;
// saves docs/e2e-out/augment.png. The GAN page: the shipped generator's 10 × 10 grid, no row blank,
// Resample and seed 0 again (gan.png). The transfer page: both runs train, the frozen backbone's loss
// halves and its head is ≥ 70% right on 5–9 from 10 images a digit, 5 points ahead of the same
// network from scratch (transfer.png).
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

// The image transforms @strata/augment exports: its value exports outside text/, less the combinators
// (they take transforms rather than being one).
const COMBINATORS = new Set(['compose', 'oneOf', 'randomApply']);
function imageTransforms() {
  const index = readFileSync(join(docs, '..', 'packages', 'augment', 'src', 'index.ts'), 'utf8');
  const names = [];
  for (const [, list, from] of index.matchAll(/^export\s*\{([^}]*)\}\s*from\s*'([^']+)'/gm)) {
    if (from.startsWith('./text/')) continue;
    for (const item of list.split(',').map((w) => w.trim())) {
      if (item && !item.startsWith('type ') && !COMBINATORS.has(item)) names.push(item);
    }
  }
  return names;
}

// Every canvas of the augmentation page as { name, width, height, rgba (base64) }, read in the page.
function readCanvases(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-test=grid] canvas')].map((c) => {
      const bytes = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let binary = '';
      for (const b of bytes) binary += String.fromCharCode(b);
      return {
        name: c.closest('[data-transform]')?.getAttribute('data-transform') ?? 'original',
        width: c.width,
        height: c.height,
        rgba: btoa(binary),
      };
    }),
  );
}

// Blank: no opaque pixel, or every opaque pixel the same colour (the gaps between images are clear).
function isBlank(canvas) {
  const rgba = Buffer.from(canvas.rgba, 'base64');
  const colours = new Set();
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3] === 255) colours.add(rgba.readUIntBE(i, 3));
    if (colours.size > 1) return false;
  }
  return true;
}

async function waitForSeed(page, seed) {
  await page.waitForFunction(
    (s) =>
      document.querySelector('[data-test=grid]')?.getAttribute('data-seed') === s ||
      document.querySelector('[data-test=error]'),
    String(seed),
    { timeout: 120_000, polling: 200 },
  );
  const error = await page.locator('[data-test=error]').count();
  if (error) problems.push(`the page reports: ${await page.locator('[data-test=error]').textContent()}`);
  return error === 0;
}

async function checkAugmentPage(page) {
  const started = Date.now();
  await page.goto(`${origin}/examples/augment`, { waitUntil: 'networkidle' });
  if (!(await waitForSeed(page, 0))) return;
  const backend = ((await page.locator('[data-test=backend]').textContent()) ?? '').replace('backend: ', '');
  if (backend !== 'wasm') problems.push(`the augmentation page runs on '${backend}', not wasm`);
  const expected = imageTransforms();
  if (expected.length < 15) problems.push(`found only ${expected.length} transforms in augment's index.ts`);
  const figures = await page.locator('[data-transform]').evaluateAll((els) =>
    els.map((e) => ({
      name: e.getAttribute('data-transform'),
      canvases: e.querySelectorAll('canvas').length,
      label: e.querySelector('code')?.textContent ?? '',
    })),
  );
  const shown = figures.map((f) => f.name);
  const missing = expected.filter((n) => !shown.includes(n));
  const extra = shown.filter((n) => !expected.includes(n));
  if (missing.length) problems.push(`the augmentation page shows no strip for ${missing.join(', ')}`);
  if (extra.length) problems.push(`the augmentation page shows strips for unknown ${extra.join(', ')}`);
  if (new Set(shown).size !== shown.length) problems.push(`a transform is shown twice: ${shown.join(', ')}`);
  for (const f of figures) {
    if (f.canvases !== 1) problems.push(`${f.name}: ${f.canvases} canvases, not one`);
    if (!new RegExp(`^${f.name}\\(\\{ .+ \\}\\)$`).test(f.label))
      problems.push(`${f.name}: its label '${f.label}' is not its call with options`);
  }
  const first = await readCanvases(page);
  const original = first.find((c) => c.name === 'original');
  const augmented = first.filter((c) => c.name !== 'original');
  if (!original) problems.push('the augmentation page draws no original strip');
  if (augmented.length !== expected.length)
    problems.push(`${augmented.length} transformed canvases for ${expected.length} transforms`);
  for (const c of first) if (isBlank(c)) problems.push(`the ${c.name} canvas is blank`);
  const sameSize = augmented.filter((c) => c.width === original?.width && c.height === original?.height);
  const changed = sameSize.filter((c) => c.rgba !== original?.rgba).map((c) => c.name);
  if (changed.length === 0) problems.push('no transformed canvas differs from the original digits');

  // Resample draws seed 1: new parameters, so some strip changes; seed 0 typed again redraws seed 0's grid.
  await page.click('[data-test=resample]');
  if (!(await waitForSeed(page, 1))) return;
  const resampled = await readCanvases(page);
  const moved = resampled.filter((c, i) => c.rgba !== first[i]?.rgba).map((c) => c.name);
  if (moved.length === 0) problems.push('Resample changed no canvas');
  await page.locator('[data-test=seed]').fill('0');
  await page.locator('[data-test=seed]').dispatchEvent('change');
  if (!(await waitForSeed(page, 0))) return;
  const again = await readCanvases(page);
  const drifted = again.filter((c, i) => c.rgba !== first[i]?.rgba).map((c) => c.name);
  if (drifted.length) problems.push(`seed 0 drawn again differs in ${drifted.join(', ')}`);

  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'augment.png'), fullPage: true });
  console.log(
    `e2e: augmentation page on ${backend} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${augmented.length} transforms of ${expected.length} exported, ` +
      `${changed.length} of ${sameSize.length} same-size strips differ from the original, Resample changed ${moved.length}, ` +
      `seed 0 again identical: ${drifted.length === 0}; screenshot ${join(out, 'augment.png')}`,
  );
}
// The GAN page: the shipped generator draws ten images of each digit for seed 0, none of the ten rows
// blank; Resample (seed 1) changes the pixels; seed 0 typed again gives the same pixels.
async function checkGanPage(page) {
  const started = Date.now();
  await page.goto(`${origin}/examples/gan`, { waitUntil: 'networkidle' });
  if (!(await waitForSeed(page, 0))) return;
  const backend = ((await page.locator('[data-test=backend]').textContent()) ?? '').replace('backend: ', '');
  if (backend !== 'wasm') problems.push(`the GAN page runs on '${backend}', not wasm`);
  const [first] = await readCanvases(page);
  if (!first) {
    problems.push('the GAN page draws no canvas');
    return;
  }
  // Ten rows of ten 28-pixel images with 2-pixel gaps; a row is blank when all its pixels are one colour.
  const rgba = Buffer.from(first.rgba, 'base64');
  const blankRows = [];
  for (let r = 0; r < 10; r++) {
    const colours = new Set();
    for (let y = r * 30; y < r * 30 + 28 && y < first.height; y++)
      for (let x = 0; x < first.width; x++) colours.add(rgba.readUIntBE(4 * (y * first.width + x), 3));
    if (colours.size < 2) blankRows.push(r);
  }
  if (first.width !== 298 || first.height !== 298)
    problems.push(`the GAN grid is ${first.width}×${first.height}, not 10 × 10 images of 28 px (298×298)`);
  if (blankRows.length) problems.push(`the GAN grid's rows ${blankRows.join(', ')} are blank`);
  await page.click('[data-test=resample]');
  if (!(await waitForSeed(page, 1))) return;
  const [resampled] = await readCanvases(page);
  if (resampled?.rgba === first.rgba) problems.push('Resample did not change the GAN samples');
  await page.locator('[data-test=seed]').fill('0');
  await page.locator('[data-test=seed]').dispatchEvent('change');
  if (!(await waitForSeed(page, 0))) return;
  const [again] = await readCanvases(page);
  if (again?.rgba !== first.rgba) problems.push('the GAN samples of seed 0 drawn again differ');
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'gan.png'), fullPage: true });
  console.log(
    `e2e: GAN page on ${backend} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${first.width}×${first.height} grid, ` +
      `${10 - blankRows.length}/10 rows drawn, Resample changed it: ${resampled?.rgba !== first.rgba}, seed 0 again identical: ${again?.rgba === first.rgba}; screenshot ${join(out, 'gan.png')}`,
  );
}

// The transfer page: both runs train in the worker; the transfer run's loss falls below half its
// first value, both report a test accuracy and confusion matrix, and the frozen backbone's head is
// at least 70% right on 5–9 from 10 images of each (chance is 20%) and 5 points ahead of scratch.
async function checkTransferPage(page) {
  const started = Date.now();
  await page.goto(`${origin}/examples/transfer`, { waitUntil: 'networkidle' });
  await page.selectOption('[data-test=shots]', '10');
  await page.click('[data-test=start]');
  await page.waitForFunction(
    () =>
      document.querySelector('[data-test=result-scratch]')?.getAttribute('data-accuracy') ||
      document.querySelector('[data-test=error]'),
    undefined,
    { timeout: 300_000, polling: 500 },
  );
  const error = await page.locator('[data-test=error]').count();
  if (error) {
    problems.push(`the transfer page reports: ${await page.locator('[data-test=error]').textContent()}`);
    return;
  }
  const stepEl = page.locator('[data-test=step]');
  const steps = Number(await stepEl.getAttribute('data-step'));
  const first = Number(await stepEl.getAttribute('data-first-loss'));
  const recent = Number(await stepEl.getAttribute('data-recent-loss'));
  const backend = ((await page.locator('[data-test=backend]').textContent()) ?? '').replace('backend: ', '');
  const accuracy = async (run) =>
    Number(await page.locator(`[data-test=result-${run}]`).getAttribute('data-accuracy'));
  const [transfer, scratch] = [await accuracy('transfer'), await accuracy('scratch')];
  const tables = await page.locator('[data-test^=result-] table.cm').count();
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'transfer.png'), fullPage: true });
  console.log(
    `e2e: transfer page on ${backend} in ${((Date.now() - started) / 1000).toFixed(0)} s: ${steps} steps, first loss ${first.toFixed(3)}, ` +
      `mean of the last 10 ${recent.toFixed(3)}; 10 images per digit: frozen backbone + head ${(100 * transfer).toFixed(1)}%, from scratch ${(100 * scratch).toFixed(1)}%; screenshot ${join(out, 'transfer.png')}`,
  );
  if (backend !== 'wasm') problems.push(`the transfer page trains on '${backend}', not wasm`);
  if (!(recent < first / 2))
    problems.push(`the transfer run's loss did not fall below half: ${first} → ${recent}`);
  if (!(transfer >= 0.7)) problems.push(`the frozen backbone's head got ${transfer} on 5–9, under 0.7`);
  if (!(scratch > 0.2)) problems.push(`the network from scratch got ${scratch}, no better than chance`);
  if (!(transfer >= scratch + 0.05))
    problems.push(`the frozen backbone's head (${transfer}) is not 5 points ahead of scratch (${scratch})`);
  if (tables !== 2) problems.push(`${tables} confusion matrices shown, not 2`);
}

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
  await checkAugmentPage(page);
  await checkGanPage(page);
  await checkTransferPage(page);
} finally {
  await browser.close();
  server.close();
}
if (problems.length > 0) {
  console.error(`e2e failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('e2e: passed');

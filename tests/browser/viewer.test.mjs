// The trace viewer in a real browser: headless Debian chromium, driven by
// playwright-core (installed into the build tree by tools/browser-deps.sh).
//
// 1. The motivating race: explore finds it, replay writes the page, and the
//    page shows a lane per thread, the loader lock and driver.dll's lifetime
//    with its unload, the verdict; the keyboard steps to the verdict; "why is
//    this thread blocked" and the thread filter work; a screenshot is saved.
// 2. Every bug scenario's counterexample: the page loads without a script
//    error and names the verdict explore found.
// The page may load nothing but itself: any other request fails the test.
//
// Environment (set by tests/CMakeLists.txt): LOADERLAB (the binary),
// LOADERLAB_BROWSER_DEPS (where node_modules is), LOADERLAB_SOURCE (the
// repository), LOADERLAB_SCREENSHOT (where to save it), LOADERLAB_CACHE_DIR.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(path.join(process.env.LOADERLAB_BROWSER_DEPS, 'package.json'));
const { chromium } = require('playwright-core');

const loaderlab = process.env.LOADERLAB;
const source = process.env.LOADERLAB_SOURCE;
const screenshot = process.env.LOADERLAB_SCREENSHOT;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loaderlab-browser-'));
let failures = 0;

function check(ok, what) {
  if (ok) {
    console.log(`ok - ${what}`);
  } else {
    console.log(`not ok - ${what}`);
    failures++;
  }
}

function run(args, what) {
  const r = spawnSync(loaderlab, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${what}: loaderlab ${args.join(' ')} exited ${r.status}\n${r.stderr}`);
  return r;
}

// Explores, then writes the counterexample's page; returns the verdict line
// explore printed and the page's path.
function counterexamplePage(exploreArgs, name) {
  const r = run(['explore', ...exploreArgs], name);
  const lines = r.stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('replay it step by step with:'));
  if (r.status !== 1 || at < 0) throw new Error(`${name}: explore found no bug\n${r.stdout}`);
  const found = lines.findIndex((l) => /^(bug found after|\d+ of \d+ schedules found)/.test(l));
  const verdict = lines[found + 1].replace(/ at step \d+:.*/, '');
  const page = path.join(work, `${name}.html`);
  const command = `${lines[at + 1].trim()} --trace html -o '${page}'`;
  const w = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8' });
  if (!fs.existsSync(page)) throw new Error(`${name}: ${command} wrote nothing\n${w.stderr}`);
  return { verdict, page };
}

async function open(browser, file) {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1000 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `file://${file}`) return route.continue();
    problems.push(`the page asked for ${url}`);
    return route.abort();
  });
  await page.goto(`file://${file}`);
  await page.waitForSelector('#verdict');
  return { page, problems };
}

async function motivatingRace(browser) {
  const { verdict, page: file } = counterexamplePage([], 'race');
  check(verdict === 'access violation', `explore finds the access violation (${verdict})`);
  const html = fs.readFileSync(file, 'utf8');
  check(!/(src|href)\s*=\s*["']?(https?:|\/\/)/i.test(html) && !/<link\b/i.test(html), 'the page references nothing outside itself');
  const { page, problems } = await open(browser, file);

  const lane = async (key) => (await page.locator(`.lane-header[data-lane="${key}"]`).count()) === 1;
  check(await lane('thread-1'), 'a lane for the main thread');
  check(await lane('thread-4'), 'a lane for the worker that crashes');
  check(await lane('loader-lock'), 'a lane for the loader lock');
  check(await lane('module-driver.dll'), 'a lane for driver.dll');
  check((await page.locator('.lane-header[data-lane^="port-"]').count()) >= 1, 'a lane per completion port');
  const kind = await page.locator('#verdict .kind').textContent();
  check(kind === 'access violation', `the verdict banner names the access violation (${kind})`);
  const info = await page.evaluate(() => {
    const m = window.loaderlabViewer.model;
    const mod = m.modules.find((x) => x.name === 'driver.dll');
    const unmaps = mod.changes.filter((c) => c.state === 'unmapped').map((c) => c.step);
    const t4 = m.byTid[4];
    return { verdictStep: m.verdictStep, maxStep: m.maxStep, unmaps, span: t4.spans[t4.spans.length - 1] };
  });

  // Step to the verdict with the keyboard, one step at a time.
  await page.locator('#lanes').focus();
  await page.keyboard.press('Home');
  let presses = 0;
  while ((await page.evaluate(() => window.loaderlabViewer.selectedStep())) < info.verdictStep && presses < info.maxStep + 5) {
    await page.keyboard.press('ArrowDown');
    presses++;
  }
  check(presses === info.verdictStep - 1, `${presses} presses of the down arrow reach the verdict at step ${info.verdictStep}`);
  check((await page.locator('.row.selected.verdict-row').count()) === 1, 'the selected row is the verdict, marked');
  const side = await page.locator('#side').textContent();
  check(side.includes('access violation') && side.includes('GetQueuedCompletionStatusEx'), 'the details show the crash and its call');
  check(/source\s*driver\.c:\d+|source driver\.c:\d+/.test(side) || side.includes('driver.c:'), 'the details show the source line');
  // The unload that caused it, one step above: driver.dll's lane marks it.
  const lastUnmap = info.unmaps.filter((s) => s < info.verdictStep).pop();
  check(lastUnmap === info.verdictStep - 1, `driver.dll is unmapped at step ${lastUnmap}, just before the crash`);
  check((await page.locator(`.row[data-step="${lastUnmap}"] .cell.mod-unmapped .unmap-marker`).count()) === 1, 'the unload is marked in driver.dll\'s lane');
  check((await page.locator('.cell.mod-detaching').count()) >= 1, 'driver.dll\'s DLL_PROCESS_DETACH shows as detaching');
  check((await page.locator('.cell.lock.held').count()) >= 1, 'the loader lock\'s owner is drawn');
  check((await page.locator('.cell.blocked').count()) >= 1, 'blocking spans are drawn');
  if (screenshot) {
    await page.screenshot({ path: screenshot });
    check(fs.statSync(screenshot).size > 10000, `screenshot saved to ${screenshot}`);
  }

  // "Why is this thread blocked": thread 4's wait on the port.
  await page.evaluate((s) => window.loaderlabViewer.select(s), info.span.from);
  await page.keyboard.press('w');
  const why = await page.locator('#why').textContent();
  check(why.includes(`thread 4 is blocked since step ${info.span.from}`) && why.includes('completion packet'),
        `"why is this thread blocked" explains the wait: ${why.split('\n')[0]}`);
  check(why.includes(`woken at step`) && why.includes('thread 1 (main)'), 'and who wakes it');

  // Filter to one thread.
  await page.selectOption('.controls select', '4');
  check((await page.locator('.lane-header.thread').count()) === 1, 'the filter shows one thread lane');
  await page.keyboard.press('Escape');
  check((await page.locator('.lane-header.thread').count()) > 1, 'Escape shows every thread again');
  check(problems.length === 0, `no script error and no request: ${problems.join('; ')}`);
  await page.close();
}

// Every bug scenario: the counterexample explore finds, as a page.
async function everyScenario(browser) {
  const root = path.join(source, 'tests', 'scenarios');
  for (const name of fs.readdirSync(root).filter((n) => n.startsWith('bug-')).sort()) {
    const manifest = fs.readFileSync(path.join(root, name, 'scenario.txt'), 'utf8');
    const expect = /^expect (\S+) within (\d+)(?: (dfs))?/m.exec(manifest);
    const bound = /^fixed \S+ bound (\d+)/m.exec(manifest);
    const args = [path.join(root, name)];
    if (expect && expect[3] === 'dfs') args.push('--strategy', 'dfs', '--preemption-bound', bound ? bound[1] : '2');
    else if (expect) args.push('--schedules', expect[2]);
    const { verdict, page: file } = counterexamplePage(args, name);
    const { page, problems } = await open(browser, file);
    const kind = await page.locator('#verdict .kind').textContent();
    check(kind === verdict, `${name}: the page names the verdict explore found (${verdict})`);
    const rows = await page.locator('.row').count();
    check(rows > 0, `${name}: the swimlanes are drawn (${rows} rows)`);
    await page.keyboard.press('v');
    check((await page.locator('.row.selected').count()) === 1, `${name}: v jumps to the verdict`);
    check(problems.length === 0, `${name}: no script error and no request: ${problems.join('; ')}`);
    await page.close();
  }
}

const browser = await chromium.launch({
  executablePath: process.env.LOADERLAB_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // Root (CI containers) cannot use chromium's sandbox.
  args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
});
try {
  await motivatingRace(browser);
  await everyScenario(browser);
} catch (e) {
  console.log(`not ok - ${e.stack || e}`);
  failures++;
} finally {
  await browser.close();
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(failures ? `${failures} check(s) failed` : 'every check passed');
process.exit(failures ? 1 : 0);

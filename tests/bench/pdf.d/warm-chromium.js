// One Chromium kept running (Debian's chromium through puppeteer-core) and one page reused:
// prints {"launch_ms", "ms": [per document], "peak_tree_rss_kb", "peak_process_rss_kb"} as JSON.
// Usage: node warm-chromium.js INVOICE_HTML OUTPUT_DIR RUNS USER_DATA_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const [html, out, runs, profile] = process.argv.slice(2);

// Resident memory of a process and all its descendants, from /proc (sampled, so a peak can
// be missed by up to one interval).
function treeRss(root) {
  const children = new Map();
  const rss = new Map();
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)[1]);
      const kb = Number((/VmRSS:\s+(\d+)/.exec(status) || [0, 0])[1]);
      rss.set(Number(pid), kb);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(pid));
    } catch (error) { /* the process ended meanwhile */ }
  }
  let total = 0, largest = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    const kb = rss.get(pid) || 0;
    total += kb;
    largest = Math.max(largest, kb);
    stack.push(...(children.get(pid) || []));
  }
  return {total, largest};
}

(async () => {
  const launchStart = process.hrtime.bigint();
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run'],
  });
  const launchMs = Number(process.hrtime.bigint() - launchStart) / 1e6;
  const pid = browser.process().pid;
  let peakTree = 0, peakProcess = 0;
  const sample = () => {
    const {total, largest} = treeRss(pid);
    peakTree = Math.max(peakTree, total);
    peakProcess = Math.max(peakProcess, largest);
  };
  const sampler = setInterval(sample, 100);
  const page = await browser.newPage();
  const ms = [];
  for (let i = 0; i < Number(runs); i++) {
    const start = process.hrtime.bigint();
    await page.goto('file://' + path.resolve(html), {waitUntil: 'load'});
    await page.pdf({path: path.join(out, `warm-${i}.pdf`), format: 'A4', printBackground: true,
                    displayHeaderFooter: false, preferCSSPageSize: true});
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  clearInterval(sampler);
  sample();
  await browser.close();
  console.log(JSON.stringify({launch_ms: launchMs, ms, peak_tree_rss_kb: peakTree, peak_process_rss_kb: peakProcess}));
})().catch((error) => { console.error(error); process.exit(1); });

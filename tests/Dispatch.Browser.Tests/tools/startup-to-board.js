// Measures "start → working board" on the demo pool: a browser is already open (as a commander's would be), the host
// is started, and the clock stops when the board is live with the pool density drawn on the map.
// Run from the repository root after a build of tests/Dispatch.Browser.Tests (its bin holds Playwright's driver):
//   BIN=tests/Dispatch.Browser.Tests/bin/Debug/net10.0 && HOST=src/Dispatch.Host/bin/Debug/net10.0/Dispatch.Host.dll && \
//   PW_PACKAGE=$PWD/$BIN/.playwright/package $BIN/.playwright/node/linux-x64/node \
//     tests/Dispatch.Browser.Tests/tools/startup-to-board.js $HOST /tmp/dispatch-startup-data
// Prints {"healthyS", "loginPageS", "boardLiveS"} in seconds from the host's spawn. Not a test: timing depends on the machine.
const { chromium } = require(process.env.PW_PACKAGE);
const { spawn } = require('child_process');
const path = require('path');
const http = require('http');

(async () => {
  const [hostDll, dataFolder] = process.argv.slice(2);
  const port = process.env.PORT || '5391';
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const t0 = Date.now();
  const host = spawn('dotnet', [path.resolve(hostDll), `--Dispatch:DataFolder=${dataFolder}`, '--urls', base],
    { cwd: path.resolve('src/Dispatch.Host'), env: { ...process.env, ASPNETCORE_ENVIRONMENT: 'Development' }, stdio: 'ignore' });
  try {
    // Poll /health over plain HTTP (a failed browser navigation can take far longer than the 50 ms poll), then load
    // the sign-in page in the browser.
    for (;;) {
      const up = await new Promise(resolve => {
        const request = http.get(base + '/health', response => { response.resume(); resolve(response.statusCode === 200); });
        request.on('error', () => resolve(false));
      });
      if (up) break;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    const healthy = Date.now();
    const response = await page.goto(base + '/login?returnUrl=%2Fboard');
    if (!response || !response.ok()) throw new Error(`sign-in page: ${response && response.status()}`);
    const hostUp = Date.now();
    await page.fill('#login-user', 'commander');
    await page.fill('#login-password', 'dispatch-demo');
    await page.click('#login-submit');
    await page.waitForURL(url => new URL(url).pathname === '/board', { timeout: 60000 });
    await page.getByTestId('live-state').filter({ hasText: '实时' }).waitFor({ timeout: 60000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=board-map]')?.dataset.densityCells || 0) > 0, null, { timeout: 60000 });
    const live = Date.now();
    console.log(JSON.stringify({ healthyS: (healthy - t0) / 1000, loginPageS: (hostUp - t0) / 1000, boardLiveS: (live - t0) / 1000 }));
  } finally {
    host.kill('SIGTERM');
    await browser.close();
  }
})();

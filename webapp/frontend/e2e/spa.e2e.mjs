// End-to-end flows of the operations SPA in Debian's Chromium, driven by playwright-core.
// Started by SpaEndToEndIT (webapp/src/test/java/.../browser), which starts the packaged app, seeds
// an item, draws its QR code into the fake camera's video and passes everything in the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const env = process.env;
const BASE = env.STOCKADE_URL;
const SHOTS = env.SCREENSHOTS;
const WORK = env.WORK_DIR;
const TAG = `E2E${Date.now().toString(36)}`;

const problems = [];
let browser;

async function api(method, url, token, body) {
  const res = await fetch(BASE + url, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text.startsWith('{') ? JSON.parse(text) : null, text };
}

/** A GET that leaves the body encoded as sent (fetch would decode it and choose Accept-Encoding itself). */
function rawGet(url, headers) {
  return new Promise((resolve, reject) => {
    http
      .get(BASE + url, { headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
      })
      .on('error', reject);
  });
}

async function token(user, password) {
  const r = await api('POST', '/api/auth/login', null, { username: user, password });
  assert.equal(r.status, 200, r.text);
  return r.json.token;
}

async function eventually(fn, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** RFC 6238 code for a Base32 secret, as an authenticator app computes it. */
function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const h = crypto.createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

let lastPage;
let broken;

/** A step of the flow; once one fails the rest report that instead of timing out one by one. */
async function step(t, name, fn) {
  await t.test(name, async () => {
    if (broken) throw new Error(`not run: "${broken}" failed`);
    try {
      await fn();
    } catch (e) {
      broken = name;
      if (lastPage) await lastPage.screenshot({ path: path.join(SHOTS, 'failure.png'), fullPage: true }).catch(() => {});
      throw e;
    }
  });
}

async function newPage(viewport = { width: 1280, height: 900 }, on = browser) {
  const context = await on.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  lastPage = page;
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(page, user, password) {
  await page.goto(BASE + '/');
  await page.waitForURL(/\/login/);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

async function signOut(page) {
  await page.getByTestId('user-menu-button').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
}

async function kpi(page, id) {
  const text = await page.getByTestId(id).innerText();
  return Number(text.replace(/[^0-9]/g, ''));
}

async function stockOf(adminToken, id) {
  const r = await api('GET', `/api/inventory/${id}`, adminToken);
  assert.equal(r.status, 200, r.text);
  return r.json.item.currentStock;
}

async function findItem(adminToken, name) {
  const r = await api('GET', `/api/inventory?search=${encodeURIComponent(name)}&limit=10`, adminToken);
  assert.equal(r.status, 200, r.text);
  return r.json.items.find((i) => i.name === name);
}

/**
 * Starts the camera on the scanner page and waits for the stock dialog the scan opens. If no dialog opens
 * in 20 s the camera is restarted, as a user would press Stop and Start again (at most four
 * times); the closing notes of issues 3 and 4 record how often this happens. Stop 20's CI met three
 * sessions in a row that decoded nothing (a shown, well-formed code), hence four.
 */
async function scanWithCamera(p) {
  const dialog = p.getByRole('dialog', { name: 'Update stock' });
  await p.getByRole('button', { name: 'Start camera' }).click();
  for (let attempt = 1; ; attempt++) {
    try {
      await dialog.waitFor({ timeout: 20_000 });
      return dialog;
    } catch (e) {
      if (attempt > 4) throw e;
      // What the page says (a look-up that failed or found nothing) tells a decoder miss from a look-up miss.
      const said = (await p.locator('main [role="alert"], main [role="status"]').allInnerTexts()).join(' | ');
      console.log(`# no stock dialog in 20 s: camera restarted (${attempt}); the page said: ${said || 'nothing'}`);
      await p.getByRole('button', { name: 'Stop camera' }).click();
      await p.getByRole('button', { name: 'Start camera' }).click();
    }
  }
}

/** Chromium whose fake camera plays the given Y4M file (localhost counts as a secure context). */
function launch(video) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
}

/**
 * Turns an image the page can load (the server's ZXing-drawn QR PNG, through its signed link) into
 * one 640x480 YUV 4:2:0 frame for Chromium's fake camera: the label held in front of a phone.
 */
async function cameraVideoOf(page, imageUrl, file) {
  const { y, u, v } = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const w = 640;
    const h = 480;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const g = canvas.getContext('2d');
    g.fillStyle = '#c8c8c8';
    g.fillRect(0, 0, w, h);
    g.imageSmoothingEnabled = false;
    // As large as fits 600x360 with its aspect kept (a QR code is square, a Code 128 wide): the scanner
    // decodes at the size it shows the video, and Code 128 needs >= 2 px per bar there.
    const fit = Math.min(600 / img.naturalWidth, 360 / img.naturalHeight);
    // A QR code keeps whole pixels per module (uneven modules decode less reliably); a Code 128 fills the width.
    const scale = img.naturalWidth === img.naturalHeight && fit >= 1 ? Math.floor(fit) : fit;
    const dw = img.naturalWidth * scale;
    const dh = img.naturalHeight * scale;
    g.fillStyle = '#ffffff';
    g.fillRect((w - dw) / 2 - 16, (h - dh) / 2 - 16, dw + 32, dh + 32);
    g.drawImage(img, Math.round((w - dw) / 2), Math.round((h - dh) / 2), dw, dh);
    const px = g.getImageData(0, 0, w, h).data;
    const yp = new Array(w * h);
    const up = new Array((w / 2) * (h / 2));
    const vp = new Array((w / 2) * (h / 2));
    const clamp = (x) => Math.max(0, Math.min(255, Math.round(x)));
    for (let row = 0; row < h; row++) {
      for (let col = 0; col < w; col++) {
        const i = (row * w + col) * 4;
        const [r, gg, b] = [px[i], px[i + 1], px[i + 2]];
        yp[row * w + col] = clamp(0.299 * r + 0.587 * gg + 0.114 * b);
        if (row % 2 === 0 && col % 2 === 0) {
          const j = (row / 2) * (w / 2) + col / 2;
          up[j] = clamp(128 - 0.168736 * r - 0.331264 * gg + 0.5 * b);
          vp[j] = clamp(128 + 0.5 * r - 0.418688 * gg - 0.081312 * b);
        }
      }
    }
    return { y: yp, u: up, v: vp };
  }, imageUrl);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(y), Buffer.from(u), Buffer.from(v)]);
  fs.writeFileSync(file, Buffer.concat([Buffer.from('YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n'), frame, frame]));
}

test('Stockade SPA in a real browser', { timeout: 300_000 }, async (t) => {
  browser = await launch(env.FAKE_VIDEO);
  const adminToken = await token(env.ADMIN_USER, env.ADMIN_PASSWORD);
  const page = await newPage();
  const itemName = `${TAG} Hex bolt`;
  let itemId;
  try {
    await step(t, 'index.html is revalidated, fingerprinted assets are cached, every response is under CSP', async () => {
      const index = await fetch(BASE + '/inventory/some/route');
      assert.equal(index.status, 200);
      assert.match(index.headers.get('cache-control'), /no-cache/);
      assert.match(index.headers.get('content-security-policy'), /script-src 'self'/);
      const html = await index.text();
      assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
      assert.doesNotMatch(html, /<style/, 'no inline style');
      const asset = html.match(/\/assets\/[^"]+\.js/)[0];
      const js = await fetch(BASE + asset);
      assert.equal(js.status, 200);
      assert.match(js.headers.get('cache-control'), /max-age=31536000/);
      assert.match(js.headers.get('cache-control'), /immutable/);
      // The build's Brotli and gzip copies, chosen by Accept-Encoding, with the same headers as the file.
      // Brotli wins whatever order the browser lists them in (Chromium sends gzip first).
      for (const [accept, encoding] of [
        ['br, gzip', 'br'],
        ['gzip, deflate, br, zstd', 'br'],
        ['gzip', 'gzip'],
        ['identity', undefined],
      ]) {
        for (const url of [asset, '/login']) {
          const r = await rawGet(url, { 'Accept-Encoding': accept });
          assert.equal(r.status, 200, `${url} (${accept})`);
          assert.equal(r.headers['content-encoding'], encoding, `${url} (${accept})`);
          if (encoding) assert.match(r.headers['vary'] ?? '', /Accept-Encoding/i, `${url} (${accept})`);
          // Every Vary of the plain file (CORS's Origin…) stays on the compressed copies.
          const plainVary = (await rawGet(url, { 'Accept-Encoding': 'identity' })).headers['vary'] ?? '';
          for (const token of plainVary
            .split(',')
            .map((v) => v.trim().toLowerCase())
            .filter(Boolean))
            assert.ok((r.headers['vary'] ?? '').toLowerCase().includes(token), `${url} (${accept}) Vary keeps ${token}`);
          assert.match(r.headers['content-security-policy'], /script-src 'self'/, `${url} (${accept})`);
          assert.equal(r.headers['x-content-type-options'], 'nosniff', `${url} (${accept})`);
          const cache = r.headers['cache-control'];
          if (url === asset) for (const part of ['public', 'max-age=31536000', 'immutable']) assert.match(cache, new RegExp(part));
          else assert.match(cache, /no-cache/);
        }
      }
      assert.equal((await fetch(BASE + '/api/nothing-here')).status, 401, 'API paths are never the SPA');
    });

    await step(t, "a new organisation's Admin must replace the generated password before anything else", async () => {
      const first = await newPage();
      await first.goto(BASE + '/inventory');
      await first.waitForURL(/\/login/);
      await first.getByLabel('Username').fill(env.FIRST_RUN_USER);
      await first.getByLabel(/^Password/).fill(env.FIRST_RUN_PASSWORD);
      await first.getByRole('button', { name: 'Sign in' }).click();
      await first.waitForURL(/\/settings\/password/);
      await first.getByText(/must change your password/i).waitFor();
      await shot(first, '00-first-run-password');
      await first.getByLabel(/^Current password/).fill(env.FIRST_RUN_PASSWORD);
      await first.getByLabel(/^New password/).fill('Fresh-Start-Stock-2026!');
      await first.getByLabel(/^Confirm new password/).fill('Fresh-Start-Stock-2026!');
      await first.getByRole('button', { name: 'Change password' }).click();
      // The SPA refreshes the session (a token without the gate) and goes on to the dashboard.
      await first.waitForURL((u) => u.pathname === '/');
      await first.getByTestId('kpi-total-products').waitFor();
      // A separate organisation: none of the seeded items are visible to it.
      await eventually(async () => assert.equal(await first.getByTestId('kpi-total-products').innerText(), '0'));
      await first.context().close();
      lastPage = page;
    });

    let totalBefore;
    let recentBefore;
    await step(t, 'signs in as Admin and sees the dashboard', async () => {
      await signIn(page, env.ADMIN_USER, env.ADMIN_PASSWORD);
      await page.getByTestId('kpi-total-products').waitFor();
      await eventually(async () => assert.ok((await kpi(page, 'kpi-total-products')) >= 1));
      totalBefore = await kpi(page, 'kpi-total-products');
      recentBefore = await kpi(page, 'kpi-recent-activity');
      await shot(page, '01-dashboard');
    });

    await step(t, 'a reload keeps the session (refresh cookie) and the sessions page marks this device', async () => {
      await page.reload();
      await page.getByTestId('kpi-total-products').waitFor();
      assert.equal(new URL(page.url()).pathname, '/');
      const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
      assert.doesNotMatch(storage, /eyJ/, 'no token in web storage');
      const cookies = await page.context().cookies();
      const refresh = cookies.find((c) => c.name === 'stockade_refresh');
      assert.ok(refresh && refresh.httpOnly && refresh.secure && refresh.sameSite === 'Strict', JSON.stringify(refresh));
      assert.equal(await page.evaluate(() => document.cookie.includes('stockade_refresh')), false, 'not readable by scripts');
      await page.getByRole('link', { name: 'Settings' }).first().click();
      await page.getByRole('link', { name: 'Sessions' }).click();
      await page.getByText('This device').first().waitFor();
      await shot(page, '01b-sessions');
    });

    await step(t, 'creates an item with an image through the form', async () => {
      await page.getByRole('link', { name: 'Inventory' }).first().click();
      await page
        .getByRole('link', { name: 'New item' })
        .or(page.getByRole('button', { name: 'New item' }))
        .first()
        .click();
      await page.getByLabel('Name').fill(itemName);
      await page.getByLabel('Location').fill('Aisle 9');
      await page.getByLabel(/^Category/).selectOption({ label: 'Hardware' });
      await page.getByLabel('Sub-category').selectOption({ label: 'Fasteners' });
      await page.getByLabel('Initial stock').fill('12');
      await page.getByLabel('Minimum threshold').fill('3');
      await page.getByLabel('Image').setInputFiles(env.IMAGE);
      await page.getByRole('img', { name: 'Preview of the selected image' }).waitFor();
      await shot(page, '02-item-form');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForURL(/\/inventory\/[0-9a-f-]{36}$/);
      itemId = page.url().split('/').pop();
      await page.getByRole('heading', { name: itemName }).first().waitFor();
      for (const name of [itemName, `QR code for ${itemName}`, `Code 128 barcode for ${itemName}`]) {
        const img = page.getByRole('img', { name, exact: true });
        await img.waitFor();
        await eventually(async () => assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), name));
      }
      const item = (await api('GET', `/api/inventory/${itemId}`, adminToken)).json.item;
      assert.equal(item.currentStock, 12);
      assert.equal(item.category, 'Hardware');
      assert.equal(item.subCategory, 'Fasteners');
      assert.ok(item.imageRef, 'the image was stored');
      await shot(page, '03-item-page');
    });

    await step(t, 'finds the item by search', async () => {
      await page.getByRole('link', { name: 'Inventory' }).first().click();
      await page.getByLabel('Search').fill(TAG);
      const link = page.getByRole('link', { name: itemName });
      await link.waitFor();
      await shot(page, '04-inventory-search');
    });

    await step(t, 'scans the seeded item with the camera and deducts stock', async () => {
      await page.getByRole('link', { name: 'Scanner' }).first().click();
      const dialog = await scanWithCamera(page);
      await dialog.getByText(env.SCAN_NAME).first().waitFor();
      await dialog.getByLabel('Deduct').check();
      await dialog.getByLabel('Quantity').fill('3');
      await dialog.getByLabel('Reason').fill('E2E camera scan');
      await dialog.getByText('Resulting stock: 17').waitFor();
      await shot(page, '05-scanner-stock-modal');
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await dialog.waitFor({ state: 'hidden' });
      const scanned = await findItem(adminToken, env.SCAN_NAME);
      await eventually(async () => assert.equal(await stockOf(adminToken, scanned.id), 17));
    });

    await step(t, 'looks an item up by hand when there is no camera and refuses a deduction below zero', async () => {
      const created = (await api('GET', `/api/inventory/${itemId}`, adminToken)).json.item;
      await page.getByRole('link', { name: 'Scanner' }).first().click();
      // The previous step left the camera on, still showing the seeded item's QR code: once this
      // step's dialog closes it would decode it again and open a dialog over the next step's clicks.
      const stopCamera = page.getByRole('button', { name: 'Stop camera' });
      if (await stopCamera.isVisible()) await stopCamera.click();
      await page.getByRole('button', { name: 'Start camera' }).waitFor();
      await page.getByLabel('Barcode or SKU').fill(created.sku.toLowerCase());
      await page.getByRole('button', { name: 'Look up' }).click();
      const dialog = page.getByRole('dialog', { name: 'Update stock' });
      await dialog.waitFor();
      await dialog.getByText('Current stock: 12').waitFor();
      await dialog.getByLabel('Deduct').check();
      await dialog.getByLabel('Quantity').fill('13');
      await dialog.getByLabel('Reason').fill('too many');
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      assert.equal(await stockOf(adminToken, itemId), 12, 'nothing was deducted');
      await dialog.getByLabel('Quantity').fill('2');
      await dialog.getByLabel('Reason').fill('E2E manual entry');
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await eventually(async () => assert.equal(await stockOf(adminToken, itemId), 10));
    });

    await step(t, 'the dashboard and the transactions reflect the changes', async () => {
      await page.getByRole('link', { name: 'Dashboard' }).first().click();
      await eventually(async () => {
        // In-app navigation, not a reload: a reload would drop the in-memory session.
        await page.getByRole('link', { name: 'Low stock' }).first().click();
        await page.getByRole('link', { name: 'Dashboard' }).first().click();
        await page.getByTestId('kpi-total-products').waitFor();
        assert.equal(await kpi(page, 'kpi-total-products'), totalBefore + 1);
        assert.ok((await kpi(page, 'kpi-recent-activity')) >= recentBefore + 3);
      });
      // Both charts draw bars.
      await eventually(async () => assert.ok((await page.locator('rect.chart-bar').count()) >= 2));
      await shot(page, '06-dashboard-after');
      await page.getByRole('link', { name: 'Transactions' }).first().click();
      await page.getByText('E2E camera scan').first().waitFor();
      await page.getByText('E2E manual entry').first().waitFor();
      await shot(page, '07-transactions');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      assert.match(csv, /^id,timestamp,/);
      assert.match(csv, /E2E camera scan/);
    });

    await step(t, 'reports show the movements by reason and download them as CSV', async () => {
      await page.getByRole('link', { name: 'Reports' }).first().click();
      await page.getByRole('table', { name: 'Stock by category' }).waitFor();
      await page.getByRole('tab', { name: 'Movements' }).click();
      await page.getByLabel('Group by').selectOption('reason');
      await page.waitForURL(/groupBy=reason/);
      await eventually(async () => {
        await page.getByRole('tab', { name: 'Stock by category' }).click();
        await page.getByRole('tab', { name: 'Movements' }).click();
        await page.getByLabel('Group by').selectOption('reason');
        await page.getByRole('table', { name: 'Movements' }).getByText('E2E camera scan').first().waitFor({ timeout: 2_000 });
      });
      await shot(page, '07b-reports');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      assert.match(csv, /^key,label,movements,unitsIn,unitsOut\r\n/);
      assert.match(csv, /E2E camera scan,E2E camera scan,\d+,0,\d+/);
    });

    await step(t, 'the dashboard updates live when stock changes elsewhere, and draws the 30-day trends', async () => {
      await page.getByRole('link', { name: 'Dashboard' }).first().click();
      await page.getByTestId('kpi-low-stock').waitFor();
      await eventually(async () => assert.equal(await page.getByTestId('live-indicator').first().getAttribute('data-state'), 'live'));
      // Gone after a reload: proves the figure changed in the page as it was.
      await page.evaluate(() => {
        window.__stockadeNoReload = true;
      });
      const created = await api('POST', '/api/inventory', adminToken, {
        name: `Live washer ${Date.now().toString(36)}`,
        location: 'Aisle 2',
        currentStock: 4,
        minThreshold: 2,
      });
      assert.equal(created.status, 201, created.text);
      await eventually(async () => assert.equal(await kpi(page, 'kpi-total-products'), totalBefore + 2), 5000);
      const lowBefore = await kpi(page, 'kpi-low-stock');
      const changedAt = Date.now();
      const moved = await api('POST', `/api/inventory/${created.json.item.id}/stock`, adminToken, {
        quantity: 3,
        reason: 'E2E live',
        type: 'deduction',
      });
      assert.equal(moved.status, 200, moved.text);
      await eventually(async () => assert.equal(await kpi(page, 'kpi-low-stock'), lowBefore + 1), 5000);
      t.diagnostic(`dashboard KPI changed ${Date.now() - changedAt} ms after the stock change`);
      assert.equal(await page.evaluate(() => window.__stockadeNoReload), true, 'no reload');

      await page.getByTestId('trend-movements').waitFor();
      await page.getByTestId('trend-low-stock').scrollIntoViewIfNeeded();
      await eventually(async () => {
        assert.ok((await page.locator('[data-testid=trend-movements] rect.chart-bar').count()) >= 1, 'movement bars');
        assert.ok((await page.locator('[data-testid=trend-low-stock] path.chart-line').count()) >= 1, 'low-stock line');
        assert.ok((await page.getByTestId('top-movers').locator('li').count()) >= 1, 'top movers');
      });
      await shot(page, '06b-dashboard-live-trends');
    });

    await step(t, 'imports a CSV catalogue, showing the invalid rows first', async () => {
      const file = path.join(WORK, 'catalogue.csv');
      fs.writeFileSync(
        file,
        [
          'name,sku,location,category,subCategory,currentStock,minThreshold',
          `${TAG} Washer,,Aisle 2,Hardware,Fasteners,40,10`,
          `"=1+2 ${TAG} Nut",,Aisle 2,Hardware,,25,5`,
          `${TAG} Broken,,Aisle 2,,,lots,1`,
          `${TAG} Rivet,,Aisle 3,,,0,0`,
        ].join('\r\n') + '\r\n',
      );
      await page.getByRole('link', { name: 'Import' }).first().click();
      await page.getByLabel('CSV file').setInputFiles(file);
      await page.getByText(`${TAG} Washer`).first().waitFor();
      await page.getByLabel('Valid rows only').check();
      await page.getByRole('button', { name: 'Validate' }).click();
      await page
        .getByTestId('import-summary')
        .getByText(/must be a whole number/)
        .waitFor();
      await page
        .getByTestId('import-summary')
        .getByText(/3 of 4 rows are valid/)
        .waitFor();
      await shot(page, '08-import-validated');
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page
        .getByTestId('import-summary')
        .getByText(/Import finished: 3 created, 0 failed, 1 invalid/)
        .waitFor({ timeout: 60_000 });
      await shot(page, '09-import-done');
      await eventually(async () => {
        const r = await api('GET', `/api/inventory?search=${TAG}&limit=50`, adminToken);
        const names = r.json.items.map((i) => i.name).sort();
        assert.deepEqual(names, [`${TAG} Hex bolt`, `${TAG} Rivet`, `${TAG} Washer`, `=1+2 ${TAG} Nut`].sort());
      });
    });

    await step(t, 'other screens render: low stock, labels, users, settings, phone-width scanner', async () => {
      await page.getByRole('link', { name: 'Low stock' }).first().click();
      await page.getByText(`${TAG} Rivet`).first().waitFor();
      await shot(page, '10-low-stock');
      // Through the app, not page.goto: a full page load would drop the in-memory session.
      await page.getByRole('link', { name: 'Inventory' }).first().click();
      await page.getByLabel('Search').fill(TAG);
      await page.getByRole('link', { name: itemName }).click();
      await page.getByRole('link', { name: 'Print label' }).click();
      await page.waitForURL(/\/labels\?ids=/);
      await page
        .getByRole('img', { name: `QR code for ${itemName}` })
        .first()
        .waitFor();
      await shot(page, '11-labels');
      await page.getByRole('link', { name: 'Users' }).first().click();
      await page.getByText(env.STAFF_USER).first().waitFor();
      await shot(page, '12-users');
      await page.getByRole('link', { name: 'Settings' }).first().click();
      await shot(page, '13-settings');
      await signOut(page);
      await shot(page, '14-signed-out');
    });

    await step(t, 'the bell shows the low-stock alert; notifications page and alert settings', async () => {
      await signIn(page, env.ADMIN_USER, env.ADMIN_PASSWORD);
      // The imported Rivet was created low: the saga raised an alert to every Admin in the app.
      await page.getByRole('button', { name: /^Notifications, \d+ unread$/ }).click({ timeout: 30_000 });
      const panel = page.getByRole('region', { name: 'Latest notifications' });
      await panel.getByTestId('notification').first().waitFor();
      await shot(page, '14a-notification-bell');
      await panel.getByRole('link', { name: 'All notifications' }).click();
      await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      await page
        .getByRole('link', { name: `${TAG} Rivet` })
        .first()
        .waitFor();
      await page.getByRole('button', { name: 'Mark all read' }).click();
      await page.getByText(/^0 unread of \d+$/).waitFor();
      await page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
      await shot(page, '14b-notifications');
      await page.getByRole('link', { name: 'Alert settings' }).click();
      const email = page.getByRole('checkbox', { name: 'By e-mail, and in the daily digest' });
      await email.uncheck();
      await page.getByRole('button', { name: 'Save alert settings' }).click();
      await page.getByText('Alert settings saved').first().waitFor();
      await page.getByText('Your own choice is in force.', { exact: false }).waitFor();
      await shot(page, '14c-alert-settings');
      const prefs = await api('GET', '/api/notifications/preferences', adminToken);
      assert.equal(prefs.json.email, false);
      assert.equal(prefs.json.inApp, true);
      await signOut(page);
    });

    await step(t, 'Staff sees no Import or Users and is refused there', async () => {
      const phone = await newPage({ width: 390, height: 844 });
      await signIn(phone, env.STAFF_USER, env.STAFF_PASSWORD);
      const menu = phone.getByRole('button', { name: 'Menu', exact: true });
      // At phone width the navigation sits behind the Menu button.
      await menu.click();
      await phone.getByRole('link', { name: 'Scanner' }).first().waitFor();
      assert.equal(await phone.getByRole('link', { name: 'Import' }).count(), 0);
      assert.equal(await phone.getByRole('link', { name: 'Users' }).count(), 0);
      assert.equal(await phone.getByRole('link', { name: 'Audit', exact: true }).count(), 0);
      await shot(phone, '15-staff-phone-nav');
      await phone.getByRole('link', { name: 'Scanner' }).first().click();
      await phone.getByLabel('Barcode or SKU').waitFor();
      await shot(phone, '16-staff-phone-scanner');
      // In-app navigation to a forbidden route shows the Unauthorized page.
      await phone.evaluate(() => {
        window.history.pushState({}, '', '/users');
        window.dispatchEvent(new PopStateEvent('popstate'));
      });
      await phone
        .getByText(/not allowed|unauthori[sz]ed|permission/i)
        .first()
        .waitFor();
      await shot(phone, '17-staff-unauthorized');
      const staffToken = await token(env.STAFF_USER, env.STAFF_PASSWORD);
      assert.equal((await api('GET', '/api/users', staffToken)).status, 403);
      await phone.context().close();
    });

    await step(t, 'Staff on a phone scans the item created in the browser with the camera', async () => {
      // The label's QR code as the server draws it (ZXing), played by a second browser's camera.
      const created = (await api('GET', `/api/inventory/${itemId}`, adminToken)).json.item;
      const video = path.join(WORK, 'created-item.y4m');
      await cameraVideoOf(page, BASE + created.barcodeUrls['qr-png'], video);
      const second = await launch(video);
      let phone;
      try {
        phone = await newPage({ width: 390, height: 844 }, second);
        await signIn(phone, env.STAFF_USER, env.STAFF_PASSWORD);
        await phone.getByRole('button', { name: 'Menu', exact: true }).click();
        await phone.getByRole('link', { name: 'Scanner' }).first().click();
        const dialog = await scanWithCamera(phone);
        await dialog.getByText(itemName).first().waitFor();
        await dialog.getByText('Current stock: 10').waitFor();
        await dialog.getByLabel('Add').check();
        await dialog.getByLabel('Quantity').fill('5');
        await dialog.getByLabel('Reason').fill('E2E phone restock');
        await dialog.getByText('Resulting stock: 15').waitFor();
        await shot(phone, '18-staff-phone-scan');
        await dialog.getByRole('button', { name: 'Confirm' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await eventually(async () => assert.equal(await stockOf(adminToken, itemId), 15));
        await signOut(phone);
      } catch (e) {
        if (phone) await shot(phone, 'failure-phone-scan').catch(() => {});
        throw e;
      } finally {
        await second.close();
        lastPage = page;
      }
    });

    await step(t, 'a Code 128 label scans through the camera too', async () => {
      const created = (await api('GET', `/api/inventory/${itemId}`, adminToken)).json.item;
      const video = path.join(WORK, 'created-item-code128.y4m');
      await cameraVideoOf(page, BASE + created.barcodeUrls['code128-png'], video);
      const third = await launch(video);
      let desk;
      try {
        desk = await newPage({ width: 1280, height: 900 }, third);
        await signIn(desk, env.STAFF_USER, env.STAFF_PASSWORD);
        await desk.getByRole('link', { name: 'Scanner' }).first().click();
        const dialog = await scanWithCamera(desk);
        await dialog.getByText(itemName).first().waitFor();
        await shot(desk, '19-code128-scan');
        await dialog.getByRole('button', { name: 'Cancel' }).click();
      } catch (e) {
        if (desk) await shot(desk, 'failure-code128').catch(() => {});
        throw e;
      } finally {
        await third.close();
        lastPage = page;
      }
    });

    await step(t, 'a Manager sets up two-step sign-in, signs in with a recovery code, and the Admin sees it', async () => {
      const manager = `mfa-${TAG.toLowerCase()}`;
      const created = await api('POST', '/api/auth/register', adminToken, {
        username: manager,
        email: `${manager}@example.test`,
        password: 'Two-Step-Manager-26!',
        role: 'Manager',
      });
      assert.equal(created.status, 201, created.text);
      const mp = await newPage();
      await signIn(mp, manager, 'Two-Step-Manager-26!');
      await mp.getByRole('link', { name: 'Settings' }).first().click();
      await mp.getByRole('link', { name: 'Two-step sign-in' }).click();
      await mp.getByRole('button', { name: 'Set up two-step sign-in' }).click();
      await mp.getByRole('img', { name: /QR code to scan/ }).waitFor();
      const secret = (await mp.getByTestId('mfa-secret').innerText()).replace(/\s/g, '');
      await shot(mp, '18-mfa-qr');
      await mp.getByLabel('Code from the app').fill(totp(secret));
      await mp.getByRole('button', { name: 'Confirm' }).click();
      await mp.getByTestId('recovery-codes').waitFor();
      const codes = (await mp.getByTestId('recovery-codes').innerText()).match(/[a-z2-7]{5}-[a-z2-7]{5}-[a-z2-7]{5}/g);
      assert.equal(codes.length, 10);
      await shot(mp, '19-mfa-recovery-codes');
      await mp.getByLabel('I have saved these codes').check();
      await mp.getByRole('button', { name: 'Done' }).click();
      await mp.getByTestId('recovery-codes-left').waitFor();
      await signOut(mp);
      await mp.getByLabel('Username').fill(manager);
      await mp.getByLabel(/^Password/).fill('Two-Step-Manager-26!');
      await mp.getByRole('button', { name: 'Sign in' }).click();
      await mp.getByLabel('Authentication code').waitFor();
      await shot(mp, '20-mfa-challenge');
      await mp.getByRole('button', { name: 'Use a recovery code instead' }).click();
      await mp.getByRole('textbox', { name: 'Recovery code' }).fill(codes[0]);
      await mp.getByRole('button', { name: 'Verify' }).click();
      // Back where the sign-out left off (the two-step page), with one recovery code used up.
      await mp.waitForURL((u) => u.pathname === '/settings/mfa');
      await eventually(async () => assert.equal(await mp.getByTestId('recovery-codes-left').innerText(), '9'));
      await mp.context().close();

      const ap = await newPage();
      await signIn(ap, env.ADMIN_USER, env.ADMIN_PASSWORD);
      await ap.getByRole('link', { name: 'Security events' }).first().click();
      await eventually(async () => {
        await ap.reload();
        await ap.getByRole('heading', { level: 1, name: 'Security events' }).waitFor();
        assert.ok((await ap.getByText(manager).count()) >= 2, 'sign-ins and enrolment of the Manager are listed');
      });
      await shot(ap, '21-security-events');
      await signOut(ap);
      await ap.goto(BASE + '/forgot-password');
      await ap.getByLabel(/e-mail/i).fill(`${manager}@example.test`);
      await ap.getByRole('button', { name: /send|reset/i }).click();
      await ap.getByText(/If an active account uses that address/).waitFor();
      await shot(ap, '22-forgot-password');
      await ap.context().close();
      lastPage = page;
    });

    await step(t, 'an Auditor walks the Audit section: explorer, event detail with its proof, timeline slider, verify', async () => {
      const auditor = `audit-${TAG.toLowerCase()}`;
      const created = await api('POST', '/api/auth/register', adminToken, {
        username: auditor,
        email: `${auditor}@example.test`,
        password: 'Reads-The-Ledger-26!',
        role: 'Auditor',
      });
      assert.equal(created.status, 201, created.text);
      // The item's first event is sealed and a signed checkpoint covers it (SpaEndToEndIT signs every 2 s).
      const first = await eventually(async () => {
        const r = await api('GET', `/api/audit/events?aggregateType=item&aggregateId=${itemId}&limit=1`, adminToken);
        assert.equal(r.status, 200, r.text);
        const e = r.json.events[0];
        assert.ok(e && e.leafHash, 'sealed');
        assert.equal((await api('GET', `/api/audit/events/${e.position}/proof`, adminToken)).status, 200);
        return e;
      }, 30_000);
      const staffToken = await token(env.STAFF_USER, env.STAFF_PASSWORD);
      assert.equal((await api('GET', '/api/audit/events', staffToken)).status, 403, 'Staff is refused by the API too');

      const ap = await newPage();
      try {
        await signIn(ap, auditor, 'Reads-The-Ledger-26!');
        await ap.getByRole('link', { name: 'Audit', exact: true }).click();
        await ap.getByRole('navigation', { name: 'Audit sections' }).waitFor();
        await ap.getByLabel('Kind').selectOption('item');
        await ap.getByLabel('Aggregate id').fill(itemId);
        await ap.getByRole('button', { name: 'Apply filters' }).click();
        const open = ap.getByRole('button', { name: `Event ${first.position}: details and proof` });
        await open.waitFor();
        assert.equal(
          (await ap.getByRole('button', { name: /^Event \d+: details and proof$/ }).count()) >= 3,
          true,
          'created and two movements',
        );
        await shot(ap, '23-audit-explorer');

        await open.click();
        const dialog = ap.getByRole('dialog', { name: new RegExp(`^Event ${first.position}: `) });
        await dialog.getByTestId('leaf-hash').waitFor();
        assert.equal((await dialog.getByTestId('leaf-hash').innerText()).trim(), first.leafHash);
        // The browser recomputed the checkpoint's root from the leaf and the audit path.
        await dialog.getByText(/^Proof checked in this browser: the event is in the log of \d+ events$/).waitFor();
        await shot(ap, '24-audit-event-proof');
        await ap.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });

        await ap
          .getByRole('link', { name: `item ${itemId.slice(0, 8)}` })
          .first()
          .click();
        await ap.waitForURL(new RegExp(`/audit/items/${itemId}$`));
        const slider = ap.getByRole('slider');
        await slider.waitFor();
        // Both stock lines, a dot for every event on each.
        const chart = ap.getByTestId('stock-timeline-chart');
        await eventually(async () => {
          assert.equal(await chart.locator('path.chart-line').count(), 2, 'two lines');
          assert.ok((await chart.locator('circle.chart-dot').count()) >= 6, 'a dot per event on each line');
        });
        // By keyboard: the first instant is the creation; the initial stock counts from when its movement
        // was recorded (a moment later, or the same instant), 12.
        await slider.focus();
        await ap.keyboard.press('Home');
        await eventually(async () => assert.match(await slider.getAttribute('aria-valuetext'), /ItemCreated recorded/));
        for (let i = 0; i < 10 && !(await slider.getAttribute('aria-valuetext')).includes('StockAdjusted'); i++)
          await ap.keyboard.press('ArrowRight');
        await eventually(async () => assert.equal((await ap.getByTestId('as-of-stock').innerText()).trim(), '12'));
        // The last instant: 12 - 2 + 5.
        await ap.keyboard.press('End');
        await eventually(async () => assert.equal((await ap.getByTestId('as-of-stock').innerText()).trim(), '15'));
        await ap.getByRole('radio', { name: 'As the records showed then' }).check();
        await eventually(async () => assert.equal((await ap.getByTestId('as-of-stock').innerText()).trim(), '15'));
        await shot(ap, '25-audit-timeline');

        await ap.getByRole('link', { name: 'Verify', exact: true }).click();
        await ap.getByRole('button', { name: 'Verify', exact: true }).click();
        const result = ap.getByTestId('verify-result');
        await result.waitFor({ timeout: 60_000 });
        await result.getByText(/^Verified: every event/).waitFor();
        await shot(ap, '26-audit-verify');

        await ap.getByRole('link', { name: 'Checkpoints', exact: true }).click();
        await ap.getByRole('table', { name: 'Signed checkpoints, newest first' }).waitFor();
        const [download] = await Promise.all([
          ap.waitForEvent('download'),
          ap.getByRole('button', { name: 'Download public key' }).click(),
        ]);
        const key = fs.readFileSync(await download.path(), 'utf8').trim();
        assert.match(key, /^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/, key);
        assert.equal(key, (await api('GET', '/api/audit/public-key', adminToken)).text.trim());

        await ap.getByRole('link', { name: 'Access log', exact: true }).click();
        await ap.getByRole('table', { name: 'Reads of the audit API' }).waitFor();
        await ap.getByText('GET /api/audit/events/{position}/proof').first().waitFor();
        await shot(ap, '27-audit-access-log');
        await ap.context().close();
      } catch (e) {
        await shot(ap, 'failure-audit').catch(() => {});
        throw e;
      } finally {
        lastPage = page;
      }
    });

    await step(t, 'an Admin places a retention hold, lifts it, and erases a person only after typing their name', async () => {
      const leaver = `leaver-${TAG.toLowerCase()}`;
      const created = await api('POST', '/api/auth/register', adminToken, {
        username: leaver,
        email: `${leaver}@example.test`,
        password: 'Leaving-Person-26!',
        role: 'Staff',
      });
      assert.equal(created.status, 201, created.text);
      const leaverId = created.json.user.id;
      const gp = await newPage();
      await signIn(gp, env.ADMIN_USER, env.ADMIN_PASSWORD);
      await gp.getByRole('link', { name: 'Users' }).first().click();
      await gp.getByRole('button', { name: `Personal data of ${leaver}` }).click();
      const dialog = gp.getByRole('dialog', { name: `Personal data of ${leaver}` });
      await dialog.getByLabel(/Why the records must be kept/).fill('E2E: records kept for a tax audit');
      await dialog.getByRole('button', { name: 'Place a hold' }).click();
      await dialog.getByText('Erasure is refused while the retention hold stands.').waitFor();
      await shot(gp, '22a-retention-hold');
      // The server refuses too, not only the screen.
      assert.equal((await api('POST', `/api/users/${leaverId}/erase`, adminToken, { reason: 'E2E' })).status, 409);
      await dialog.getByRole('button', { name: 'Lift the hold' }).click();
      const erase = dialog.getByRole('form', { name: 'Erase personal data' });
      await erase.getByLabel(/Reason for the erasure/).fill('E2E: asked to be forgotten');
      await erase.getByLabel(`Type ${leaver} to confirm`).fill(leaver.slice(1));
      await erase.getByRole('button', { name: 'Erase personal data' }).click();
      await erase.getByText(`Type ${leaver} exactly`).waitFor();
      await shot(gp, '22b-erase-confirmation');
      await erase.getByLabel(`Type ${leaver} to confirm`).fill(leaver);
      await erase.getByRole('button', { name: 'Erase personal data' }).click();
      await dialog.waitFor({ state: 'detached' });
      await eventually(async () => {
        const list = await api('GET', '/api/users', adminToken);
        const row = list.json.users.find((u) => u.id === leaverId);
        assert.equal(row.erased, true);
        assert.notEqual(row.username, leaver);
      });
      // The list is a projection: once it has the erasure, a fresh load shows it (the session resumes by cookie).
      await gp.reload();
      await gp.getByText('Erased', { exact: true }).first().waitFor();
      assert.equal(await gp.getByText(leaver, { exact: true }).count(), 0, 'the erased name is gone from the list');
      await shot(gp, '22c-erased');
      await gp.context().close();
    });

    await step(t, 'main screens have no serious WCAG 2.1 A/AA violations (axe-core)', async () => {
      // axe is injected as a script, which the app's own CSP rightly refuses: this context alone
      // bypasses CSP; every other page above ran under it.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const a11y = await context.newPage();
      a11y.setDefaultTimeout(15_000);
      lastPage = a11y;
      const audit = async (name) => {
        await a11y.addScriptTag({ path: AXE });
        const result = await a11y.evaluate(() =>
          window.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          }),
        );
        return result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map(
            (v) =>
              `${name}: ${v.id} (${v.impact}) ${v.help} -> ${v.nodes
                .slice(0, 3)
                .map((n) => n.target.join(' '))
                .join(' | ')}`,
          );
      };
      const found = [];
      await a11y.goto(BASE + '/');
      await a11y.getByRole('button', { name: 'Sign in' }).waitFor();
      found.push(...(await audit('login')));
      await a11y.getByLabel('Username').fill(env.ADMIN_USER);
      await a11y.getByLabel(/^Password/).fill(env.ADMIN_PASSWORD);
      await a11y.getByRole('button', { name: 'Sign in' }).click();
      await a11y.getByTestId('kpi-total-products').waitFor();
      found.push(...(await audit('dashboard')));
      const screens = [
        ['inventory', 'Inventory', async () => a11y.getByRole('link', { name: itemName }).waitFor()],
        ['scanner', 'Scanner', async () => a11y.getByLabel('Barcode or SKU').waitFor()],
        ['low stock', 'Low stock', async () => a11y.getByText(`${TAG} Rivet`).first().waitFor()],
        ['transactions', 'Transactions', async () => a11y.getByText('E2E camera scan').first().waitFor()],
        ['reports', 'Reports', async () => a11y.getByRole('table', { name: 'Stock by category' }).waitFor()],
        ['import', 'Import', async () => a11y.getByLabel('CSV file').waitFor()],
        ['users', 'Users', async () => a11y.getByText(env.STAFF_USER).first().waitFor()],
        ['security events', 'Security events', async () => a11y.getByRole('heading', { level: 1, name: 'Security events' }).waitFor()],
        ['outbox', 'Outbox', async () => a11y.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor()],
        ['dead letters', 'Dead letters', async () => a11y.getByRole('heading', { level: 1, name: 'Dead letters' }).waitFor()],
        ['security policy', 'Security policy', async () => a11y.getByRole('heading', { level: 1, name: 'Security policy' }).waitFor()],
        ['audit events', 'Audit', async () => a11y.getByRole('table', { name: 'Audit events' }).waitFor()],
        ['audit verify', 'Verify', async () => a11y.getByRole('button', { name: 'Verify', exact: true }).waitFor()],
        ['audit inventory as of', 'Inventory as of', async () => a11y.getByTestId('as-of-totals').waitFor()],
        ['settings', 'Settings', async () => a11y.getByRole('button', { name: 'Save profile' }).waitFor()],
      ];
      for (const [name, link, ready] of screens) {
        await a11y.getByRole('link', { name: link }).first().click();
        if (name === 'inventory') {
          await a11y.getByLabel('Search').fill(TAG);
          await a11y.waitForURL(/search=/);
        }
        await ready();
        found.push(...(await audit(name)));
      }
      await a11y.getByTestId('notification-bell').click();
      await a11y.getByRole('region', { name: 'Latest notifications' }).waitFor();
      found.push(...(await audit('notification bell')));
      await a11y.getByRole('link', { name: 'All notifications' }).click();
      await a11y.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      found.push(...(await audit('notifications')));
      await a11y.getByRole('link', { name: 'Alert settings' }).click();
      await a11y.getByRole('button', { name: 'Save alert settings' }).waitFor();
      found.push(...(await audit('alert settings')));
      await a11y.getByRole('link', { name: 'Inventory' }).first().click();
      await a11y.getByLabel('Search').fill(TAG);
      await a11y.getByRole('link', { name: itemName }).click();
      await a11y.getByRole('img', { name: `QR code for ${itemName}` }).waitFor();
      found.push(...(await audit('item')));
      await a11y.getByRole('link', { name: 'Audit timeline' }).click();
      await a11y.getByTestId('item-as-of').waitFor();
      found.push(...(await audit('audit timeline')));
      await a11y.goBack();
      await a11y.getByRole('img', { name: `QR code for ${itemName}` }).waitFor();
      await a11y.getByRole('button', { name: 'Adjust stock' }).click();
      await a11y.getByRole('dialog', { name: 'Update stock' }).waitFor();
      found.push(...(await audit('stock dialog')));
      await context.close();
      assert.deepEqual(found, []);
    });

    await step(t, 'no Content-Security-Policy violation or uncaught error on any page', async () => {
      assert.deepEqual(problems, []);
    });
  } finally {
    await browser.close();
  }
});

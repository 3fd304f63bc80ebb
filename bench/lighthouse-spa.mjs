// Lighthouse (mobile, simulated throttling: Lighthouse's default run, as issue 13 measured) on the SPA's
// sign-in page and dashboard against a running Stockade: the median of three runs of the performance
// score, FCP, LCP and total blocking time, which depend on the machine and so are reported here rather than checked by a
// test; accessibility and best practices of each run are printed too (the browser test,
// webapp/frontend/e2e/lighthouse.e2e.mjs, checks those two). Every run starts with an empty HTTP cache
// (a first visit) and keeps the cookies (the dashboard is measured signed in). Needs Debian's chromium
// and the SPA's dev dependencies (lighthouse 12.8.2, puppeteer-core), e.g.
//   (cd webapp/frontend && npm install)
//   BASE=http://localhost:8080 USER_NAME=admin USER_PASSWORD=… node bench/lighthouse-spa.mjs
// One JSON document on stdout.
import { launchChromium, runLighthouse } from '../webapp/frontend/e2e/lighthouse-run.mjs';

const env = process.env;
const RUNS = Number(env.RUNS ?? 3);

async function measure(page, url) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
        const lhr = await runLighthouse(page, url, {
            categories: ['performance', 'accessibility', 'best-practices'],
            throttled: true,
        });
        runs.push({
            finalUrl: lhr.finalDisplayedUrl,
            performance: lhr.categories.performance.score,
            accessibility: lhr.categories.accessibility.score,
            bestPractices: lhr.categories['best-practices'].score,
            fcpMs: Math.round(lhr.audits['first-contentful-paint'].numericValue),
            lcpMs: Math.round(lhr.audits['largest-contentful-paint'].numericValue),
            tbtMs: Math.round(lhr.audits['total-blocking-time'].numericValue),
            warnings: lhr.runWarnings,
        });
    }
    const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    return {
        median: {
            performance: median('performance'),
            fcpMs: median('fcpMs'),
            lcpMs: median('lcpMs'),
            tbtMs: median('tbtMs'),
        },
        runs,
    };
}

const browser = await launchChromium();
try {
    const page = await browser.newPage();
    const signIn = await measure(page, `${env.BASE}/login`);
    await page.goto(`${env.BASE}/login`);
    await page.locator('input[autocomplete="username"]').fill(env.USER_NAME);
    await page.locator('input[autocomplete="current-password"]').fill(env.USER_PASSWORD);
    await Promise.all([page.waitForFunction(() => location.pathname === '/'), page.locator('button[type="submit"]').click()]);
    const dashboard = await measure(page, `${env.BASE}/`);
    console.log(JSON.stringify({ signIn, dashboard }, null, 2));
} finally {
    await browser.close();
}

// Lighthouse (mobile, simulated throttling) on the SPA's sign-in page and dashboard against a running
// Stockade: the median of three runs of the performance score, FCP and LCP, which depend on the
// machine and so are reported here rather than checked by a test; accessibility and best practices
// are printed too (the browser test, webapp/frontend/e2e/lighthouse.e2e.mjs, checks those two). Needs
// Debian's chromium and the SPA's dev dependencies (lighthouse 12.8.2, playwright-core), e.g.
//   (cd webapp/frontend && npm install)
//   BASE=http://localhost:8080 USER_NAME=admin USER_PASSWORD=… node bench/lighthouse-spa.mjs
// One JSON document on stdout.
import { launchWithDevToolsPort, signIn } from '../webapp/frontend/e2e/browser.mjs';
import { runLighthouse } from '../webapp/frontend/e2e/lighthouse-run.mjs';

const env = process.env;
const RUNS = Number(env.RUNS ?? 3);

const browser = await launchWithDevToolsPort();

async function measure(url) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const lhr = await runLighthouse(browser.port, url, {
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
    });
  }
  const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return {
    median: {
      performance: median('performance'),
      fcpMs: median('fcpMs'),
      lcpMs: median('lcpMs'),
    },
    runs,
  };
}

try {
  const signInPage = await measure(`${env.BASE}/login`);
  // The refresh cookie set here is kept between runs (Lighthouse resets no storage), so the dashboard is measured signed in.
  await signIn(browser.page, env.BASE, env.USER_NAME, env.USER_PASSWORD);
  const dashboard = await measure(`${env.BASE}/`);
  console.log(JSON.stringify({ signIn: signInPage, dashboard }, null, 2));
} finally {
  await browser.close();
}

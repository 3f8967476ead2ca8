/**
 * The page's security headers in a real browser (issue 14, SECURITY.md): the
 * Content-Security-Policy lets the whole client run — its scripts, styles, xterm's own styles and
 * the websocket — with no violation, while a script injected into the page is refused.
 */
import { expect, test, uniqueName } from '../kit/index.js';

test.use({ mode: 0 });

test('the client runs under its Content-Security-Policy, and an injected script does not', async ({ players }) => {
  const tab = await players.one();
  const page = tab.page;
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.reload();
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(response?.headers()['x-frame-options']).toBe('DENY');
  await tab.expectStatus('connected');

  const name = uniqueName('Cassia');
  await tab.createAccount(name);
  await tab.expectText(`You are logged in as ${name}`);
  await tab.type('say |rred|n and |[bblue|n');
  await tab.expectText('You say, "red and blue"');
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);

  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
    return (window as unknown as { injected?: boolean }).injected === true;
  });
  expect(ran).toBe(false);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations))
    .toEqual([expect.stringMatching(/^script-src/)]);
});

// The finder as a person meets it: real headless Chromium, a host page on another origin that
// embeds /embed.js from the running server (demo directory), and assertions through the shadow DOM.
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import t from 'tap';
import { buildTestApp } from '../helper.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is absent (a machine with only Node.js): install Debian's chromium to run the browser test`;

const SCREENSHOTS = path.resolve('.tap', 'screenshots');
const TIMEZONE = 'America/Chicago';

interface ApiGroup {
  id: string;
  slug: string;
  name: string;
  next_meeting: string | null;
  online: { url: string | null } | null;
}

/** WCAG relative luminance contrast of two CSS rgb()/rgba() colours. */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// Runs in the page (Playwright sends its source): the DOM globals are the browser's.
declare const getComputedStyle: (el: unknown) => {
  color: string;
  backgroundColor: string;
  fontFamily: string;
};
interface Node_ {
  parentElement: Node_ | null;
  getRootNode(): { host?: Node_ };
}

/** The text colour of an element and the first opaque background behind it (through the shadow root). */
function colours(el: unknown): [string, string] {
  const color = getComputedStyle(el).color;
  let node = el as Node_ | null;
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(.*, 0\)$/.test(bg)) return [color, bg];
    node = node.parentElement ?? node.getRootNode().host ?? null;
  }
  return [color, 'rgb(255, 255, 255)'];
}

const normalize = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

// One app on a real port and one browser for the whole file (each costs seconds on a busy machine).
async function start() {
  const { app } = await buildTestApp(t, { demo: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  t.teardown(() => browser.close());
  return { app, browser, api: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}
const setup = skip ? null : await start();

t.test('the embedded finder: search, facet, detail, crisis line, hash', { skip }, async (t) => {
  const { app, browser, api } = setup!;
  const search = async (query: string) =>
    (await app.inject({ url: `/v1/groups?${query}` })).json() as {
      data: ApiGroup[];
      meta: { total: number };
    };

  // The host: another origin, with CSS that would restyle the widget if it leaked in.
  const host = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><head><title>A peer network</title>
      <style>button { background: rgb(255, 0, 0) !important; } * { font-family: serif; }</style></head>
      <body><h1>Our groups</h1><script src="${api}/embed.js"></script>
      <circles-finder lang="en" theme="light"></circles-finder></body></html>`);
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => host.close(() => resolve())));
  const hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/`;
  t.not(new URL(hostUrl).origin, new URL(api).origin, 'the host page is on another origin');

  const page: Page = await browser.newPage({
    locale: 'en-US',
    timezoneId: TIMEZONE,
    viewport: { width: 900, height: 1200 },
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));

  await page.goto(hostUrl);
  const finder = page.locator('circles-finder');
  const status = finder.locator('p.status');
  const cards = finder.locator('li.card');
  const slugs = () => cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-group')));
  await cards.first().waitFor();

  await t.test('the crisis line for the viewer’s country (en-US: 988) is on the results view', async (t) => {
    const crisis = finder.getByRole('complementary');
    t.match(normalize(await crisis.textContent()), /988 Suicide & Crisis Lifeline.*Call 988/);
    t.equal(await crisis.getByRole('link', { name: '988' }).first().getAttribute('href'), 'tel:988');
  });

  await t.test('a misspelled condition finds the same groups as the API, as you type', async (t) => {
    const box = finder.getByRole('searchbox', { name: 'Search groups' });
    await box.pressSequentially('depresion', { delay: 20 });
    const expected = await search('q=depresion&limit=10');
    t.ok(expected.meta.total > 10, 'the demo directory has depression groups');
    await t.resolves(status.filter({ hasText: `${expected.meta.total} groups` }).waitFor());
    t.same(
      await slugs(),
      expected.data.map((g) => g.slug),
      'the same groups, in the same order',
    );
    t.equal(await status.getAttribute('aria-live'), 'polite', 'the count is announced');
    t.match(page.url(), /#circles:q=depresion$/, 'the search is in the hash');
    const searches = requested.filter((u) => u.includes('/v1/groups?') && u.includes('q=depr'));
    t.ok(searches.length <= 3, `debounced: ${searches.length} searches for 9 keystrokes`);
  });

  let online: { total: number; first: ApiGroup };
  await t.test('a facet chip, used from the keyboard, narrows the results to its count', async (t) => {
    const chip = finder.locator('button.chip[data-filter="attendance"][data-value="online"]');
    const label = (await chip.getAttribute('aria-label')) ?? '';
    const count = Number(/(\d+) groups/.exec(label)?.[1]);
    const expected = await search('q=depresion&attendance=online&limit=10');
    t.equal(count, expected.meta.total, `the chip says what choosing it gives (${label})`);
    await chip.focus();
    await page.keyboard.press('Enter');
    await status.filter({ hasText: `${count} groups` }).waitFor();
    t.equal(await chip.getAttribute('aria-pressed'), 'true');
    t.same(
      await slugs(),
      expected.data.map((g) => g.slug),
    );
    for (const meta of await cards
      .locator('p.meta')
      .filter({ hasText: /Online|Hybrid|In person/ })
      .all()) {
      t.match(await meta.textContent(), /^Online/, 'every result is online');
    }
    t.equal(
      await chip.evaluate(
        (el) => el === (el.getRootNode() as unknown as { activeElement: unknown }).activeElement,
      ),
      true,
      'focus stays on the chip after the results change',
    );
    const [color, bg] = await chip.evaluate(colours);
    t.not(bg, 'rgb(255, 0, 0)', "the host page's button style does not leak in");
    t.not(await chip.evaluate((el) => getComputedStyle(el).fontFamily), 'serif', "nor the host page's font");
    t.ok(contrast(color, bg) >= 4.5, `pressed chip contrast ${contrast(color, bg).toFixed(2)}`);
    t.match(page.url(), /attendance=online/);
    online = { total: count, first: expected.data[0]! };
  });

  await t.test(
    'opening a result shows what a person needs: name, next meeting in their time, links',
    async (t) => {
      const group = online.first;
      await cards.first().getByRole('button', { name: group.name }).click();
      const detail = finder.locator('.detail');
      const heading = detail.getByRole('heading', { level: 2, name: group.name });
      await heading.waitFor();
      t.ok(
        await heading.evaluate(
          (el) => el === (el.getRootNode() as unknown as { activeElement: unknown }).activeElement,
        ),
        'focus moves to the heading',
      );

      const next = normalize(await detail.locator('p.next').textContent());
      t.ok(group.next_meeting, 'the group has a next meeting');
      const when = new Intl.DateTimeFormat('en-US', {
        weekday: 'long',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: TIMEZONE,
      }).formatToParts(new Date(group.next_meeting!));
      const part = (type: string) => when.find((p) => p.type === type)?.value;
      t.match(next, `Next meeting (your time): ${part('weekday')}`);
      t.match(next, `${part('hour')}:${part('minute')} ${part('dayPeriod')} CST`, `in ${TIMEZONE}: ${next}`);

      t.equal(
        await detail.getByRole('link', { name: 'Join online' }).getAttribute('href'),
        group.online?.url,
      );
      const calendar = await detail.getByRole('link', { name: 'Add to calendar' }).getAttribute('href');
      t.equal(calendar, `${api}/v1/groups/${group.id}/calendar.ics`);
      const ics = await fetch(calendar!);
      t.match(ics.headers.get('content-type'), /text\/calendar/);
      t.match(await ics.text(), /BEGIN:VCALENDAR/);

      t.match(
        normalize(await finder.getByRole('complementary').textContent()),
        /988/,
        'the crisis line is still on screen',
      );
      t.match(page.url(), new RegExp(`group=${group.slug}`));

      await mkdir(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, 'widget-detail.png');
      await page.screenshot({ path: file, fullPage: true });
      t.ok(existsSync(file) && statSync(file).size > 10_000, `screenshot saved: ${path.relative('.', file)}`);
    },
  );

  await t.test(
    'Escape closes the detail, focus returns to the result; the hash restores it all on reload',
    async (t) => {
      await page.keyboard.press('Escape');
      await status.filter({ hasText: `${online.total} groups` }).waitFor();
      const opener = cards.first().getByRole('button', { name: online.first.name });
      t.ok(
        await opener.evaluate(
          (el) => el === (el.getRootNode() as unknown as { activeElement: unknown }).activeElement,
        ),
        'focus is back on the result that was opened',
      );
      t.notMatch(page.url(), /group=/, 'closing the detail left the hash');

      await opener.click();
      await finder.locator('.detail').getByRole('heading', { level: 2 }).waitFor();
      await page.reload();
      const heading = finder.locator('.detail').getByRole('heading', { level: 2, name: online.first.name });
      await heading.waitFor();
      t.pass('the detail reopens from the hash');
      await finder.getByRole('button', { name: /Back to results/ }).click();
      await status.filter({ hasText: `${online.total} groups` }).waitFor();
      t.equal(await finder.getByRole('searchbox', { name: 'Search groups' }).inputValue(), 'depresion');
      t.equal(
        await finder.locator('button.chip[data-value="online"]').getAttribute('aria-pressed'),
        'true',
        'the chip is still chosen',
      );
      t.notMatch(page.url(), /group=/);

      await page.reload();
      await status.filter({ hasText: `${online.total} groups` }).waitFor();
      t.match(page.url(), /#circles:q=depresion&attendance=online$/);
      t.pass('a plain reload restores the search and the facet');
    },
  );

  await t.test('text contrast meets WCAG AA in the light and dark themes', async (t) => {
    for (const theme of ['light', 'dark']) {
      await finder.evaluate((el, value) => el.setAttribute('theme', value), theme);
      for (const selector of [
        'p.status',
        'li.card p.meta',
        'li.card button.open',
        'aside.crisis',
        'button.chip',
      ]) {
        const [color, bg] = await finder.locator(selector).first().evaluate(colours);
        const ratio = contrast(color, bg);
        t.ok(ratio >= 4.5, `${theme} ${selector}: ${ratio.toFixed(2)}:1 (${color} on ${bg})`);
      }
    }
  });

  t.same(pageErrors, [], 'no errors in the page');
});

t.test('the demo page at / shows the finder on the directory', { skip }, async (t) => {
  const { browser, api } = setup!;
  const url = `${api}/`;
  const errors: string[] = [];
  const visit = async (locale: string) => {
    const page = await browser.newPage({ locale, timezoneId: 'America/New_York' });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(url);
    const finder: Locator = page.locator('circles-finder');
    await finder.locator('li.card').first().waitFor();
    return finder;
  };

  const es = await visit('es-US');
  t.match(
    await es.locator('p.status').textContent(),
    /^\d+ grupos$/,
    'in Spanish for a Spanish-speaking browser',
  );
  t.match(
    normalize(await es.getByRole('complementary').textContent()),
    /988 Suicide & Crisis Lifeline: Llama 988/,
  );

  const gb = await visit('en-GB');
  t.match(normalize(await gb.getByRole('complementary').textContent()), /Samaritans: Call 116 123/);
  t.same(errors, [], 'no errors (the page has a content security policy)');
});

t.test('a publishable key works from its own origin and is refused from any other', { skip }, async (t) => {
  const { app, browser, api } = setup!;
  const hosts = await Promise.all(
    [0, 1].map(async () => {
      let key = '';
      const server = http.createServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`<!doctype html><html lang="en"><body><script src="${api}/embed.js"></script>
          <circles-finder lang="en" key="${key}"></circles-finder></body></html>`);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      return { url, setKey: (k: string) => (key = k) };
    }),
  );
  const [own, other] = hosts as [(typeof hosts)[0], (typeof hosts)[0]];
  // The key is bound to the first host's origin only; both pages embed it.
  const { key } = await app.keys.createPublishable({
    organizationId: null,
    name: 'widget test',
    origins: [new URL(own.url).origin],
  });
  own.setKey(key);
  other.setKey(key);

  const page = await browser.newPage({ locale: 'en-US' });
  await page.goto(own.url);
  await page.locator('circles-finder li.card').first().waitFor();
  t.pass('from its own origin the finder lists groups');

  await page.goto(other.url);
  const status = page.locator('circles-finder p.status');
  await status.filter({ hasText: 'Could not load groups' }).waitFor();
  t.equal(await page.locator('circles-finder li.card').count(), 0, 'from another origin nothing is listed');
  await page.close();
});

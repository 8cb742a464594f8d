// A tiny element builder. Listings are written by third parties: their text only ever goes in as
// text nodes (never innerHTML), and only http(s), mailto, tel and sms links become hrefs.

type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) el.append(child);
  }
  return el;
}

/** The URL if it is a web, mail or phone link; null for javascript: and anything else. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'mailto:', 'tel:', 'sms:'].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

/** An external link that opens in a new tab without giving it a handle on this page. */
export function link(href: string | null, text: string, attrs: Attrs = {}): HTMLAnchorElement | null {
  const safe = safeUrl(href);
  if (!safe) return null;
  const external = safe.startsWith('http');
  return h(
    'a',
    { href: safe, ...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {}), ...attrs },
    text,
  );
}

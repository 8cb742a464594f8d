// The widget's stylesheet, inside its shadow root: the host page's CSS doesn't reach in and ours
// doesn't leak out. The host element itself still matches the page's selectors (even `*`), so fonts
// and colours are set one level in, on .cf. Colours are custom properties a host page may set on
// circles-finder; the defaults meet WCAG 2.2 AA contrast in both themes (text 4.5:1, borders and
// focus rings 3:1).

const dark =
  '--cf-bg:#15181c;--cf-surface:#1f242b;--cf-text:#eef1f4;--cf-muted:#b3bcc6;--cf-border:#8a96a3;' +
  '--cf-accent:#8ab4f8;--cf-on-accent:#0b1d3a;--cf-focus:#ffcf4a;--cf-crisis-bg:#3a2500;' +
  '--cf-crisis-text:#ffe2b8;--cf-crisis-border:#d9952b;color-scheme:dark;';

export const STYLES = `
:host{display:block;--cf-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--cf-radius:8px;
--cf-bg:#fff;--cf-surface:#f4f6f9;--cf-text:#1b1f24;--cf-muted:#4d5761;--cf-border:#6b7580;
--cf-accent:#0b57d0;--cf-on-accent:#fff;--cf-focus:#0b57d0;--cf-crisis-bg:#fff4e5;
--cf-crisis-text:#4a2500;--cf-crisis-border:#b35c00;color-scheme:light}
:host([theme=dark]){${dark}}
@media (prefers-color-scheme:dark){:host([theme=auto]){${dark}}}
[hidden]{display:none!important}
*{box-sizing:border-box}
.cf{padding:16px;font:16px/1.5 var(--cf-font);color:var(--cf-text);background:var(--cf-bg)}
h2,h3,h4{margin:0 0 .4em;line-height:1.25}
h2{font-size:1.3em}h3{font-size:1.1em}h4{font-size:1em}
p{margin:0 0 .5em}
a{color:var(--cf-accent);text-underline-offset:2px}
:focus-visible{outline:3px solid var(--cf-focus);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.row{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:8px}
.field{flex:1 1 220px;display:flex;flex-direction:column;gap:4px}
label,legend,summary{font-weight:600;font-size:.9em}
.inline{display:flex;gap:6px}
input{flex:1;min-width:0;font:inherit;padding:8px 10px;color:var(--cf-text);background:var(--cf-bg);
border:1px solid var(--cf-border);border-radius:var(--cf-radius)}
button{font:inherit;cursor:pointer;border-radius:var(--cf-radius)}
.btn{padding:8px 12px;color:var(--cf-accent);background:var(--cf-bg);border:1px solid var(--cf-accent)}
.btn.primary{color:var(--cf-on-accent);background:var(--cf-accent)}
fieldset{border:0;padding:0;margin:0 0 8px}
legend{padding:0;margin-bottom:4px}
.chips{display:flex;flex-wrap:wrap;gap:6px}
.chip{min-height:32px;padding:4px 12px;font-size:.9em;color:var(--cf-text);background:var(--cf-surface);
border:1px solid var(--cf-border);border-radius:999px}
.chip[aria-pressed=true]{color:var(--cf-on-accent);background:var(--cf-accent);border-color:var(--cf-accent)}
.chip .n{margin-left:6px;font-variant-numeric:tabular-nums}
details{margin-bottom:8px}summary{cursor:pointer;padding:4px 0}
.crisis{margin:8px 0 12px;padding:10px 12px;color:var(--cf-crisis-text);background:var(--cf-crisis-bg);
border-left:4px solid var(--cf-crisis-border);border-radius:var(--cf-radius)}
.crisis p{margin:0}.crisis a{color:inherit;font-weight:700}
.status{font-weight:600;margin:8px 0}
.results{list-style:none;margin:0;padding:0;display:grid;gap:10px}
.card{padding:12px 14px;background:var(--cf-surface);border:1px solid var(--cf-border);border-radius:var(--cf-radius)}
.card h3 button{all:unset;cursor:pointer;color:var(--cf-accent);text-decoration:underline;text-underline-offset:2px}
.card h3 button:focus-visible{outline:3px solid var(--cf-focus);outline-offset:2px}
.meta,.muted{color:var(--cf-muted);font-size:.92em}
.actions{display:flex;flex-wrap:wrap;gap:14px;margin-top:6px}
.badge{display:inline-block;padding:0 8px;margin-left:6px;font-size:.8em;font-weight:600;color:var(--cf-crisis-text);
background:var(--cf-crisis-bg);border:1px solid var(--cf-crisis-border);border-radius:999px}
.more{margin-top:12px}
.back{margin-bottom:12px}
.detail h2:focus{outline:none}
.detail h2:focus-visible{outline:3px solid var(--cf-focus)}
dl{margin:0 0 8px}dt{font-weight:600;margin-top:8px}dd{margin:0}
ul.plain{margin:0;padding-left:1.2em}
.source{margin-top:14px;font-size:.85em;color:var(--cf-muted)}
`;

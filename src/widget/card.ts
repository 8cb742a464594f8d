// One result: name (opens the detail), what it is, where, when it next meets in the viewer's time,
// and the two things a person does next: join online, or put it in their calendar.
import type { Ctx } from './context.js';
import { h, link } from './dom.js';
import { distance, nextMeeting } from './format.js';
import type { Group } from './types.js';

export function place(g: Group): string {
  const l = g.location;
  return l ? [l.locality, l.region].filter(Boolean).join(', ') : '';
}

export function resultCard(g: Group, ctx: Ctx, open: (g: Group) => void): HTMLLIElement {
  const { t, locale } = ctx;
  const away = distance(g, ctx.country, locale);
  const what = [
    ...g.conditions.map((c) => ctx.label('conditions', c)),
    ...g.affinities.map((a) => ctx.label('affinities', a)),
  ].join(' · ');
  const where = [ctx.label('attendance', g.attendance), place(g), away ? t.away(away) : ''].filter(Boolean);
  const opener = h('button', { type: 'button', class: 'open' }, g.name);
  opener.addEventListener('click', () => open(g));
  return h(
    'li',
    { class: 'card', 'data-group': g.slug },
    h('h3', {}, opener, g.temporarily_closed ? h('span', { class: 'badge' }, t.closed) : null),
    what ? h('p', { class: 'meta' }, what) : null,
    h('p', { class: 'meta' }, where.join(' · ')),
    h(
      'p',
      { class: 'next' },
      g.next_meeting
        ? [
            h('strong', {}, `${t.next}: `),
            h('time', { datetime: g.next_meeting }, nextMeeting(g.next_meeting, locale)),
          ]
        : h('span', { class: 'muted' }, t.noNext),
    ),
    h(
      'p',
      { class: 'actions' },
      g.online?.url ? link(g.online.url, t.join, { 'aria-label': `${t.join}: ${g.name}` }) : null,
      g.meetings.length
        ? link(ctx.api.calendarUrl(g), t.addCal, {
            'aria-label': `${t.addCal}: ${g.name}`,
            target: null,
            rel: null,
          })
        : null,
    ),
  );
}

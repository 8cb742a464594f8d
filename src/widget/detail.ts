// The detail view of one group: everything a person needs to decide and to go.
import { place } from './card.js';
import type { Ctx } from './context.js';
import { type Child, h, link } from './dom.js';
import { nextMeeting, schedule } from './format.js';
import type { Group } from './types.js';

function entry(term: string, ...details: (Child | Child[])[]): HTMLElement[] {
  return details.some(Boolean) ? [h('dt', {}, term), h('dd', {}, ...details)] : [];
}

export function groupDetail(g: Group, ctx: Ctx, back: () => void): HTMLElement {
  const { t, locale } = ctx;
  const l = g.location;
  const address = l
    ? l.approximate || !l.street
      ? [place(g), l.postal_code].filter(Boolean).join(' ')
      : [l.street, place(g), l.postal_code].filter(Boolean).join(', ')
    : '';
  const labels = (vocabulary: string, codes: string[]) =>
    codes.map((c) => ctx.label(vocabulary, c)).join(', ');
  const contact = g.contact;
  return h(
    'article',
    { 'aria-labelledby': 'cf-detail-title' },
    h('button', { type: 'button', class: 'btn back', onclick: back }, `← ${t.back}`),
    h('h2', { id: 'cf-detail-title', tabindex: '-1' }, g.name),
    h('p', { class: 'meta' }, t.runBy(g.organization.name)),
    g.temporarily_closed
      ? h('p', {}, h('span', { class: 'badge' }, t.closed), ' ', g.closed_note ?? '')
      : null,
    h(
      'p',
      { class: 'next' },
      g.next_meeting
        ? [
            h('strong', {}, `${t.next} (${t.yourTime}): `),
            h('time', { datetime: g.next_meeting }, nextMeeting(g.next_meeting, locale)),
          ]
        : t.noNext,
    ),
    h(
      'p',
      { class: 'actions' },
      g.online?.url ? link(g.online.url, t.join) : null,
      g.meetings.length ? link(ctx.api.calendarUrl(g), t.addCal, { target: null, rel: null }) : null,
    ),
    h('p', { class: 'description' }, g.description),
    h(
      'dl',
      {},
      entry(
        t.meetings,
        h(
          'ul',
          { class: 'plain' },
          g.meetings.map((m) => h('li', {}, schedule(m, t, locale))),
        ),
      ),
      entry(t.where, ctx.label('attendance', g.attendance), address ? [': ', address] : null),
      l?.approximate ? h('dd', { class: 'muted' }, t.areaOnly) : null,
      entry(t.online, g.online?.notes ?? null),
      entry(t.phone, g.online?.dial_in ?? null),
      entry(
        t.about,
        [
          labels('conditions', g.conditions),
          labels('affinities', g.affinities),
          ctx.label('facilitation', g.facilitation),
          ctx.label('access', g.access),
          ctx.label('cost', g.cost),
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      entry(t.languages, labels('languages', g.languages)),
      entry(t.accessibility, labels('accessibility', g.accessibility)),
      entry(
        t.contact,
        contact?.name ?? null,
        contact?.email ? [' · ', link(`mailto:${contact.email}`, contact.email)] : null,
        contact?.phone ? [' · ', link(`tel:${contact.phone.replace(/[^\d+]/g, '')}`, contact.phone)] : null,
      ),
      entry(t.website, link(g.website, g.website ?? '')),
    ),
  );
}

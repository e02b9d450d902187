// One rising line of the 满意 feed, and the page's rem in pixels the feed measures with.

import { h } from './dom.js';
import { RATING_TEXT } from './feed_store.js';

export function remPx() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 10;
}

/** A feed line: its badge (满意 / 基本满意) and the project's name. */
export function makeLine(item) {
  const kind = item.rating === 'satisfied' ? 'satisfied' : 'fairly_satisfied';
  return h(
    'div',
    { class: `feed-item feed-item-${kind === 'satisfied' ? 'satisfied' : 'fairly'}`, dataset: { rating: kind, projectId: String(item.projectId ?? '') } },
    h('span', { class: 'feed-item-badge' }, RATING_TEXT[kind]),
    h('span', { class: 'feed-item-dot', 'aria-hidden': 'true' }, '·'),
    h('span', { class: 'feed-item-name' }, item.name),
  );
}

// Yes / no / abstain (赞成 / 反对 / 弃权) on the hall screen's result chart, in the hall keypads'
// colours (RULES.md "Words": 赞成 green, 反对 red, 弃权 yellow). Every mark also has its word
// and its count, so colour is never the only sign.

import { kindOf, WORDS } from '../words.js';
import { animateNumber, h, percent, toCount } from './dom.js';

export const MARK_WORDS = WORDS.marks;
// The marks after 赞成, in the order their segments follow it on the bar.
const OTHERS = ['no', 'abstain'];

/** Whether the ballot's sheets carry 反对 and 弃权 too (its kind's marks say so). */
export function showsMarks(ballot) {
  return Boolean(ballot) && OTHERS.every((mark) => kindOf(ballot).phone_marks.includes(mark));
}

/** A mark's word after a swatch of its colour, for the chart's head. */
export function markHead(key) {
  return [h('span', { class: 'mark-swatch', 'aria-hidden': 'true' }), MARK_WORDS[key]];
}

/** The head cells of 反对 and 弃权 (shown only on a chart with marks). */
export function otherHeads() {
  return OTHERS.map((key) => h('span', { class: 'chart-count chart-mark', dataset: { mark: key } }, markHead(key)));
}

/** A row's 反对 and 弃权: their segments (to put in the track) and their count cells. */
export function otherParts() {
  const segments = {};
  const counts = {};
  const cells = OTHERS.map((key) => {
    segments[key] = h('span', { class: 'chart-seg', dataset: { mark: key } });
    // Not .chart-count-num: that one is 赞成's, the count every chart has.
    counts[key] = h('span', { class: 'chart-mark-num' });
    return h(
      'span',
      { class: 'chart-count chart-mark', dataset: { mark: key } },
      h('span', { class: 'sr-only' }, `${MARK_WORDS[key]} `),
      counts[key],
      ' ',
    );
  });
  return { segments, counts, cells };
}

/** What a row's bar is as long as: 赞成 alone, or all three marks. */
export function barLength(row, marks) {
  const yes = toCount(row.yes);
  return marks ? yes + toCount(row.no) + toCount(row.abstain) : yes;
}

/**
 * Lay 反对 then 弃权 after 赞成 on the bar (all scaled to `scale`) and count them; `grow`:
 * first appearance, the segments grow from zero with the 赞成 bar.
 */
export function setOthers(parts, row, scale, { grow = false, marks = true } = {}) {
  let left = percent(toCount(row.yes), scale);
  for (const key of OTHERS) {
    const n = marks ? toCount(row[key]) : 0;
    const at = `${left}%`;
    const width = `${percent(n, scale)}%`;
    left += percent(n, scale);
    const segment = parts.segments[key];
    if (grow) {
      segment.style.left = '0%';
      segment.style.width = '0%';
      requestAnimationFrame(() => requestAnimationFrame(() => Object.assign(segment.style, { left: at, width })));
      animateNumber(parts.counts[key], n, { from: 0, duration: 900 });
    } else {
      Object.assign(segment.style, { left: at, width });
      animateNumber(parts.counts[key], n, { duration: 500 });
    }
  }
}

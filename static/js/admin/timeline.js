/**
 * A project's timeline on the desk (完成进度时序): a month axis and, per 具体项目, its deadline
 * (◇) and its completion (●), placed the way the showcase scene places a completion on its
 * year (yearPosition in static/js/screen/showcase.js), one year of the axis at a time.
 */

import { h } from './http.js';
import { yearPosition } from '../screen/showcase.js';

const holder = document.getElementById('timeline');

/** "2027-03-15" → its place in [0, 1] along an axis of `months` ("2027-01", …). */
export function axisPosition(iso, months) {
  if (!iso || !months.length) return null;
  const years = [...new Set(months.map((m) => Number(m.slice(0, 4))))];
  const year = Number(String(iso).slice(0, 4));
  const first = Number(months[0].slice(5, 7)) - 1;
  const span = months.length;
  if (year < years[0]) return 0;
  if (year > years[years.length - 1]) return 1;
  // Twelfths of its own year, shifted by the whole years before it on the axis.
  const twelfths = yearPosition(iso, year) * 12 + (year - years[0]) * 12 - first;
  return Math.min(1, Math.max(0, twelfths / span));
}

/** "2027-03" → "3月" on a year's axis; on a longer one just "3", and its year at each January. */
function monthLabel(month, count) {
  const number = Number(month.slice(5, 7));
  if (count <= 12) return `${number}月`;
  return number === 1 ? `${month.slice(2, 4)}年` : String(number);
}

function percent(value) {
  return `${(value * 100).toFixed(2)}%`;
}

function row(milestone, months) {
  const marks = [];
  const deadline = axisPosition(milestone.deadline, months);
  const done = axisPosition(milestone.completed_on, months);
  if (deadline !== null) {
    marks.push(h('span', { class: 'tl-mark tl-deadline', style: `left: ${percent(deadline)}`, title: `截止 ${milestone.deadline}` }, '◇'));
  }
  if (done !== null) {
    marks.push(h('span', { class: 'tl-mark tl-done', style: `left: ${percent(done)}`, title: `完成 ${milestone.completed_on}` }, '●'));
  }
  const words = [`截止 ${milestone.deadline}`, milestone.completed_on ? `完成 ${milestone.completed_on}` : '未完成'].join(' · ');
  return h(
    'li',
    { class: 'tl-row', dataset: { item: String(milestone.item_id), at: done === null ? '' : String(done) } },
    h('span', { class: 'tl-name' }, milestone.name),
    h('span', { class: 'tl-track', 'aria-hidden': 'true' }, marks),
    h('span', { class: 'tl-words' }, words),
  );
}

if (holder) {
  const months = JSON.parse(holder.dataset.months || '[]');
  const milestones = JSON.parse(holder.dataset.milestones || '[]');
  const axis = h(
    'div',
    { class: 'tl-axis', 'aria-hidden': 'true' },
    months.map((m) => h('span', { class: 'tl-month', style: `width: ${percent(1 / months.length)}` }, monthLabel(m, months.length))),
  );
  holder.append(
    h('p', { class: 'tl-range' }, months.length ? `${months[0]} 至 ${months[months.length - 1]}` : ''),
    h('div', { class: 'tl-head' }, h('span', { class: 'tl-name' }, ''), axis, h('span', { class: 'tl-words' }, '')),
    h('ol', { class: 'tl-rows' }, milestones.map((m) => row(m, months))),
  );
}

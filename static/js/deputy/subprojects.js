/** A completed project's sub-projects (具体项目), as the rating card lists them. */

import { h } from './dom.js';

export const EXCEEDED = '超额完成';
export const DONE = '已完成';
export const NOT_DONE = '未完成';

const STATUS_CLASS = { [EXCEEDED]: 'status-exceeded', [DONE]: 'status-done', [NOT_DONE]: 'status-open' };

function isNumber(value) {
  return typeof value === 'number' && isFinite(value);
}

/** 5500 → '5,500', 12.5 → '12.5'; grouped by hand, since older WebViews lack Intl. */
export function formatNumber(value) {
  const rounded = Math.round(value * 100) / 100;
  const negative = rounded < 0;
  const parts = String(Math.abs(rounded)).split('.');
  const whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + whole + (parts[1] ? '.' + parts[1] : '');
}

/** '2025-06-30' → '2025年6月'; anything else → null. */
export function formatMonth(isoDate) {
  const match = /^(\d{4})-(\d{2})/.exec(isoDate || '');
  return match ? match[1] + '年' + Number(match[2]) + '月' : null;
}

function amount(value, unit) {
  return formatNumber(value) + (unit ? ' ' + unit : '');
}

/** 'N 个具体项目 · 全部完成 · E 个超额完成' as parts, each kept on one line. */
export function overviewParts(subprojects) {
  const count = (status) => subprojects.filter((sub) => sub.status === status).length;
  const exceeded = count(EXCEEDED);
  const notDone = count(NOT_DONE);
  const parts = [subprojects.length + ' 个具体项目'];
  if (subprojects.length) parts.push(notDone ? notDone + ' 个未完成' : '全部完成');
  if (exceeded) parts.push(exceeded + ' 个' + EXCEEDED);
  return parts;
}

function figures(sub) {
  const target = isNumber(sub.target) ? '目标 ' + amount(sub.target, sub.unit) : null;
  const achieved = isNumber(sub.achieved) ? '完成 ' + amount(sub.achieved, sub.unit) : null;
  if (!target && !achieved) return null;
  return h(
    'span',
    { class: 'sub-figures' },
    target ? h('span', { class: 'sub-target' }, target) : null,
    target && achieved ? h('span', { class: 'sub-arrow', 'aria-hidden': 'true' }, ' → ') : null,
    target && achieved ? h('span', { class: 'sr-only' }, '，') : null,
    achieved ? h('span', { class: 'sub-achieved' }, achieved) : null,
  );
}

function status(sub) {
  const known = STATUS_CLASS[sub.status];
  const text = sub.status || NOT_DONE;
  const star = sub.status === EXCEEDED ? h('span', { 'aria-hidden': 'true' }, '★ ') : null;
  const badge = h('span', { class: 'status ' + (known || 'status-open') }, star, text);
  const month = formatMonth(sub.completed_on);
  let when = null;
  if (month && sub.status !== NOT_DONE) when = month + '完成';
  else if (sub.status === NOT_DONE && isNumber(sub.progress)) when = '进度 ' + sub.progress + '%';
  return h('span', { class: 'sub-status' }, badge, when ? h('span', { class: 'sub-when' }, when) : null);
}

/** One sub-project: name, 目标 → 完成, status badge and completion month. */
function row(sub) {
  return h(
    'li',
    { class: 'sub', 'data-status': sub.status || '' },
    h('span', { class: 'sub-name' }, sub.name),
    figures(sub),
    status(sub),
  );
}

export function subprojectList(subprojects, id, shown) {
  return h('ol', { class: 'subs', id, hidden: !shown }, subprojects.map(row));
}

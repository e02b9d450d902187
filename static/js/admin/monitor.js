/**
 * The live monitor of one ballot (templates/admin/monitor.html): every 3 s it asks
 * GET /api/v1/admin/ballots/<id>/monitor and redraws turnout by delegation and the names of
 * those who have not voted yet, in the markup the server rendered first. Who has voted is not
 * secret; what anyone chose is never in the answer, and never on this page.
 */

import { kindOf } from '../words.js';
import { h, request } from './http.js';

const REFRESH_MS = 3000;

const page = document.getElementById('monitor-page');
const ballotId = page.dataset.ballotId;
const updated = document.getElementById('monitor-updated');
const onlySignedIn = document.getElementById('only-signed-in');
const list = document.getElementById('not-voted');
// A rating is 测评 on the desk, never 投票 (RULES.md "Words").
const { act, done } = kindOf({ kind: page.dataset.kind });

const pct = (part, whole) => (whole ? Math.min(100, Math.floor((100 * part) / whole)) : 0);

function setText(element, text) {
  const value = String(text);
  if (element && element.textContent !== value) element.textContent = value;
}

function bar(expected, present, voted) {
  return [
    h(
      'div',
      { class: 'dual-bar', role: 'img', 'aria-label': `应到 ${expected}，实到 ${present}，${done} ${voted}` },
      h('span', { class: 'dual-present', style: `width: ${pct(present, expected)}%` }),
      h('span', { class: 'dual-voted', style: `width: ${pct(voted, expected)}%` }),
    ),
    h('span', { class: 'bar-pct' }, present ? `${pct(voted, present)}%` : '—'),
  ];
}

function delegationRow(row) {
  return h(
    'tr',
    { 'data-delegation': row.delegation, 'data-done': row.present && row.voted >= row.present ? 'true' : null },
    h('th', { scope: 'row' }, row.delegation),
    h('td', { class: 'col-num' }, row.expected),
    h('td', { class: 'col-num' }, row.present),
    h('td', { class: 'col-num' }, row.voted),
    h('td', { class: 'col-bar' }, bar(row.expected, row.present, row.voted)),
  );
}

function person(row) {
  return h(
    'li',
    { class: 'nv-person', 'data-deputy-id': row.id, 'data-signed-in': row.signed_in ? 'true' : 'false' },
    h('span', { class: 'nv-name' }, row.name),
    row.seat ? h('span', { class: 'nv-seat' }, row.seat) : null,
    row.signed_in ? null : h('span', { class: 'nv-absent' }, '未签到'),
  );
}

function groups(figures) {
  const order = figures.by_delegation.map((row) => row.delegation);
  const byName = new Map();
  for (const row of figures.not_voted) {
    if (!byName.has(row.delegation)) byName.set(row.delegation, []);
    byName.get(row.delegation).push(row);
  }
  // Roster order first; anyone in a delegation the table does not list goes last.
  const names = [...order.filter((name) => byName.has(name)), ...[...byName.keys()].filter((name) => !order.includes(name))];
  return names.map((name) =>
    h(
      'section',
      { class: 'nv-group', 'data-delegation': name },
      h('h3', { class: 'nv-title' }, name || '未分团', ' ', h('span', { class: 'nv-count' }, `${byName.get(name).length} 人`)),
      h('ul', { class: 'nv-list' }, byName.get(name).map(person)),
    ),
  );
}

/** "只看已签到的": hide the absent, and any group left empty. */
function applyFilter() {
  const only = onlySignedIn.checked;
  list.dataset.onlySignedIn = String(only);
  let shownGroups = 0;
  list.querySelectorAll('.nv-group').forEach((group) => {
    group.hidden = only && !group.querySelector('.nv-person[data-signed-in="true"]');
    if (!group.hidden) shownGroups += 1;
  });
  const empty = document.getElementById('not-voted-empty');
  const anyone = list.querySelector('.nv-person') !== null;
  empty.hidden = shownGroups > 0;
  setText(empty, anyone ? `已签到的代表都已${act}。` : `应到代表都已${act}。`);
}

let shown = '';

function render(figures) {
  const fingerprint = JSON.stringify(figures);
  if (fingerprint === shown) return;
  shown = fingerprint;
  const rows = figures.by_delegation;
  const sum = (key) => rows.reduce((total, row) => total + row[key], 0);
  const expected = sum('expected');
  const present = sum('present');
  const notSigned = figures.not_voted.filter((row) => !row.signed_in).length;

  setText(document.getElementById('mon-voted'), figures.voted);
  setText(document.getElementById('mon-present'), present);
  setText(document.getElementById('mon-expected'), expected);
  setText(document.getElementById('mon-not-voted'), figures.not_voted.length);
  setText(document.getElementById('mon-not-signed'), notSigned);
  setText(document.getElementById('mon-phones'), figures.phones_connected);
  setText(document.getElementById('not-voted-count'), figures.not_voted.length);

  document.getElementById('by-delegation-body').replaceChildren(...rows.map(delegationRow));
  document.getElementById('by-delegation-total').replaceChildren(
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, '合计'),
      h('td', { class: 'col-num' }, expected),
      h('td', { class: 'col-num' }, present),
      h('td', { class: 'col-num' }, figures.voted),
      h('td', { class: 'col-bar' }, bar(expected, present, figures.voted)),
    ),
  );

  list.replaceChildren(...groups(figures), document.getElementById('not-voted-empty'));
  applyFilter();
}

function clock(date) {
  const two = (n) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

let timer = 0;

async function refresh() {
  timer = 0;
  if (document.hidden) {
    schedule(); // nobody is looking: ask again when the tab is back (see visibilitychange)
    return;
  }
  const answer = await request('GET', `/api/v1/admin/ballots/${encodeURIComponent(ballotId)}/monitor`);
  if (answer.ok) {
    render(answer.data);
    updated.dataset.state = 'ok';
    setText(updated, `每 3 秒自动刷新 · 更新于 ${clock(new Date())}`);
  } else if (answer.code === 'unauthenticated') {
    updated.dataset.state = 'error';
    setText(updated, '登录已失效，请刷新页面重新登录');
    return; // no point asking again
  } else {
    updated.dataset.state = 'error';
    setText(updated, `${answer.message}（正在重试）`);
  }
  schedule();
}

function schedule() {
  if (!timer) timer = setTimeout(refresh, REFRESH_MS);
}

onlySignedIn.addEventListener('change', applyFilter);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    clearTimeout(timer);
    timer = 0;
    refresh();
  }
});
applyFilter();
schedule();

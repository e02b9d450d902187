/**
 * The roll by delegation (templates/admin/roster.html): keeps it live from
 * GET /api/v1/admin/roll every few seconds, sends the desk's sign-in and leave buttons to the
 * JSON API instead of reloading the page, and filters the list by name, seat or delegation.
 * Without this script the buttons still work as a plain form.
 */

import { WORDS } from '../words.js';
import { h, request } from './http.js';

const REFRESH_MS = 4000;
const FRACTION_NAMES = WORDS.fractions;

const page = document.getElementById('roster-page');
const form = document.getElementById('roll-form');
const table = document.getElementById('roll-table');
const filter = document.getElementById('roll-filter');
const absentOnly = document.getElementById('roll-absent-only');
const none = document.getElementById('roll-none');
const updated = document.getElementById('roll-updated');
const canAct = page.dataset.canAct === 'true';

let shown = '';
const busy = new Set();

function setText(id, text) {
  const element = document.getElementById(id);
  if (element && element.textContent !== String(text)) element.textContent = String(text);
}

function stateOf(deputy) {
  if (deputy.on_leave) return 'leave';
  return deputy.signed_in ? 'present' : 'absent';
}

function stateCell(deputy) {
  const state = stateOf(deputy);
  const label = { leave: '请假', present: '已签到', absent: '未签到' }[state];
  const byDesk = state === 'present' && (deputy.signed_in_by || '').startsWith('desk:');
  const leaveCleared = state === 'present' && deputy.leave_cleared;
  // One level of nesting only: h() flattens its children once.
  return [
    h('span', { class: 'roll-state', 'data-state': state }, label),
    byDesk || leaveCleared ? ' ' : null,
    byDesk ? h('small', { class: 'roll-by' }, '秘书处代签') : null,
    leaveCleared ? h('small', { class: 'roll-by', 'data-leave-cleared': 'true' }, '请假已取消（本人手机签到）') : null,
  ];
}

function button(action, deputy, label, primary) {
  return h(
    'button',
    {
      type: 'submit',
      class: primary ? 'btn btn-small btn-primary' : 'btn btn-small',
      name: action,
      value: deputy.id,
      'data-action': action,
      disabled: busy.has(deputy.id),
    },
    label,
  );
}

function actionsCell(deputy) {
  return [
    !deputy.on_leave && !deputy.signed_in ? button('sign_in', deputy, '代签到', true) : null,
    deputy.on_leave ? button('back', deputy, '销假') : button('leave', deputy, '请假'),
  ];
}

function row(group, deputy) {
  return h(
    'tr',
    {
      class: 'roll-row',
      id: `deputy-${deputy.id}`,
      'data-deputy-id': deputy.id,
      'data-state': stateOf(deputy),
      'data-search': `${deputy.name} ${deputy.seat} ${group.name}`,
    },
    h('td', { class: 'col-name' }, deputy.name),
    h('td', { class: 'col-seat' }, deputy.seat || '—'),
    h('td', { class: 'col-state' }, stateCell(deputy)),
    h('td', { class: 'col-note' }, deputy.note || ''),
    canAct ? h('td', { class: 'col-actions' }, actionsCell(deputy)) : null,
  );
}

function groupBody(group) {
  const count = `应到 ${group.expected} · 实到 ${group.present}${group.on_leave ? ` · 请假 ${group.on_leave}` : ''}`;
  return h(
    'tbody',
    { 'data-delegation-id': group.id === null ? '' : group.id },
    h(
      'tr',
      { class: 'group-row' },
      h('th', { colspan: canAct ? 5 : 4, scope: 'colgroup' }, group.name, ' ', h('span', { class: 'group-count' }, count)),
    ),
    group.deputies.map((deputy) => row(group, deputy)),
  );
}

function draw(data) {
  const roll = data.roll;
  setText('roll-expected', roll.expected);
  setText('roll-present', roll.present);
  setText('roll-on-leave', roll.on_leave);
  setText('roll-absent', roll.absent);
  setText('roll-line', roll.line);
  const quorum = document.getElementById('quorum');
  if (quorum) {
    quorum.dataset.met = roll.quorum_met ? 'true' : 'false';
    const fraction = FRACTION_NAMES[roll.quorum_fraction] || roll.quorum_fraction;
    quorum.textContent = `${roll.quorum_met ? '已达法定人数' : '未达法定人数'}（实到须过应到的${fraction}）`;
  }
  if (!table) return;
  table.querySelectorAll('tbody').forEach((body) => body.remove());
  table.append(...data.delegations.map(groupBody));
  applyFilter();
}

function applyFilter() {
  if (!table) return;
  const text = (filter ? filter.value : '').trim();
  const absent = absentOnly ? absentOnly.checked : false;
  let visible = 0;
  table.querySelectorAll('tbody').forEach((body) => {
    let inGroup = 0;
    body.querySelectorAll('tr.roll-row').forEach((tr) => {
      const match = (!text || tr.dataset.search.includes(text)) && (!absent || tr.dataset.state === 'absent');
      tr.hidden = !match;
      inGroup += match ? 1 : 0;
    });
    body.hidden = inGroup === 0;
    visible += inGroup;
  });
  if (none) none.hidden = visible > 0;
}

async function refresh() {
  const answer = await request('GET', '/api/v1/admin/roll');
  if (!answer.ok) {
    if (updated) updated.textContent = answer.status === 401 ? '登录已失效，请重新登录' : '暂时无法更新';
    return;
  }
  const text = JSON.stringify(answer.data);
  if (updated) updated.textContent = `已更新 ${new Date().toLocaleTimeString('zh-CN', { hour12: false })}`;
  if (text === shown) return;
  shown = text;
  draw(answer.data);
}

const CONFIRM = {
  sign_in: (name) => `确定为${name}签到？\n\n用于没有手机的代表；审计日志将记录由您代签。`,
  leave: (name) => `确定将${name}标为请假？\n\n请假的代表仍计入应到人数，计为缺席；已签到的将取消签到。`,
  back: (name) => `确定为${name}销假？\n\n销假后，代表到场时请签到。`,
};

async function act(buttonElement) {
  const action = buttonElement.dataset.action;
  const id = Number(buttonElement.value);
  const tr = buttonElement.closest('tr');
  const name = tr ? tr.querySelector('.col-name').textContent : '';
  if (busy.has(id) || !window.confirm(CONFIRM[action](name))) return;
  busy.add(id);
  buttonElement.disabled = true;
  const path = action === 'sign_in' ? `/api/v1/admin/deputies/${id}/sign-in` : `/api/v1/admin/deputies/${id}/leave`;
  const body = action === 'sign_in' ? {} : { on_leave: action === 'leave' };
  const answer = await request('POST', path, body);
  busy.delete(id);
  buttonElement.disabled = false;
  if (!answer.ok) window.alert(answer.message);
  await refresh();
}

if (form) {
  form.addEventListener('click', (event) => {
    const target = event.target.closest('button[data-action]');
    if (!target) return;
    event.preventDefault();
    act(target);
  });
}
if (filter) filter.addEventListener('input', applyFilter);
if (absentOnly) absentOnly.addEventListener('change', applyFilter);

setInterval(() => {
  if (document.visibilityState === 'visible') refresh();
}, REFRESH_MS);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') refresh();
});

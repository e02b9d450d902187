/**
 * The secretariat dashboard: keeps the server-rendered page live from the /desk socket and
 * sends the desk's actions (sign-in, open / close / publish a ballot, the hall screen's scene)
 * to the JSON API.
 */

import { formatSeconds, h, render, setChosenScene, tickCountdowns } from './render.js';

const REQUEST_TIMEOUT_MS = 10000;
const COUNTDOWN_MIN_SECONDS = 10;
const COUNTDOWN_MAX_SECONDS = 24 * 3600;

const desk = document.getElementById('desk');
const scriptRoot = desk.dataset.root || '';
const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
const loginUrl = `${scriptRoot}/admin/login?next=${encodeURIComponent(`${scriptRoot}/admin/`)}`;

let current = JSON.parse(document.getElementById('desk-snapshot').textContent);
let lastSeq = current.seq;
let clockOffset = current.server_time - Date.now();
// Buttons whose request is in flight, by "action:ballot": a re-render must not re-enable them.
const pending = new Set();

function pendingKey(button) {
  return `${button.dataset.action}:${button.dataset.ballotId || ''}`;
}

function show(snapshot) {
  current = snapshot;
  render(snapshot);
  document.dispatchEvent(new CustomEvent('desk:snapshot', { detail: snapshot })); // ballot_life.js
  desk.dataset.seq = String(lastSeq);
  desk.querySelectorAll('button[data-action]').forEach((button) => {
    const busy = pending.has(pendingKey(button));
    if (busy) button.disabled = true;
    button.toggleAttribute('aria-busy', busy);
  });
  tickCountdowns(clockOffset);
}

/* ---------- alerts ---------- */

const alerts = document.getElementById('alerts');

function showAlert(message, withLogin = false) {
  const close = h('button', { type: 'button', class: 'alert-close', 'aria-label': '关闭提示' }, '×');
  close.addEventListener('click', clearAlert);
  const link = withLogin && h('a', { href: loginUrl, class: 'alert-link' }, '重新登录');
  alerts.replaceChildren(h('div', { class: 'alert alert-error', role: 'alert' }, h('span', {}, message), link, close));
}

function clearAlert() {
  alerts.replaceChildren();
}

/* ---------- API ---------- */

/** One JSON request; answers {ok, data} or {ok: false, status, code, message}. */
async function request(method, path, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  const init = {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    signal: controller.signal,
    headers: { Accept: 'application/json' },
  };
  if (method === 'POST') {
    init.headers['Content-Type'] = 'application/json';
    init.headers['X-CSRFToken'] = csrfToken;
    init.body = JSON.stringify(body || {});
  }
  try {
    const response = await fetch(scriptRoot + path, init);
    const data = await response.json().catch(() => null);
    if (response.ok && data) return { ok: true, data };
    const error = (data && data.error) || {};
    return {
      ok: false,
      status: response.status,
      code: error.code || 'server_error',
      message: error.message || `服务器出错（${response.status}），请稍后重试`,
    };
  } catch (error) {
    return { ok: false, status: 0, code: 'network', message: '无法连接服务器，请检查网络后重试' };
  } finally {
    clearTimeout(timer);
  }
}

/** Without the socket, fetch the overview so the page still follows what the desk just did. */
async function refreshOverview() {
  const answer = await request('GET', '/api/v1/admin/overview');
  if (!answer.ok) return;
  show({ ...current, roll: answer.data.roll, ballots: answer.data.ballots });
}

/* ---------- actions ---------- */

function findBallot(id) {
  return (current.ballots || []).find((ballot) => String(ballot.id) === String(id));
}

/** The countdown field in seconds: null when empty, undefined when it cannot be used. */
function countdownSeconds(ballotId) {
  const input = desk.querySelector(`input.field-minutes[data-ballot-id="${ballotId}"]`);
  if (!input) return null;
  if (input.validity.badInput) return undefined;
  const text = input.value.trim();
  if (text === '') return null;
  const seconds = Math.round(Number(text) * 60);
  if (!Number.isFinite(seconds) || seconds < COUNTDOWN_MIN_SECONDS || seconds > COUNTDOWN_MAX_SECONDS) {
    return undefined;
  }
  return seconds;
}

function confirmText(action, ballot, seconds) {
  const title = `「${ballot.title}」`;
  const turnout = ballot.turnout;
  if (action === 'open') {
    const timing = seconds ? `倒计时 ${formatSeconds(seconds)}，到时自动结束。` : '未设倒计时，需手动结束。';
    return `确定开始投票？\n\n${title}\n${timing}\n开始后，代表即可在手机上投票。`;
  }
  if (action === 'close') {
    return `确定结束投票？\n\n${title}\n目前已投 ${turnout.voted} / 实到 ${turnout.present}。\n结束后代表不能再投票，投票也不能重新开始。`;
  }
  return `确定公布结果？\n\n${title}\n公布后，大屏将显示本次投票的结果。`;
}

/** Work out the call for a button; null when the desk cancelled or the input was refused. */
function prepare(button) {
  const action = button.dataset.action;
  if (action === 'sign-in-open' || action === 'sign-in-close') {
    return { path: `/api/v1/admin/sign-in/${action.slice('sign-in-'.length)}`, body: {} };
  }
  if (action.startsWith('scene-')) {
    // auto / title / sign_in / showcase, or ballot:<id> from a ballot card's 大屏显示此项.
    // Already showing: nothing to send. Switching back and forth is harmless, so no confirm().
    if (button.getAttribute('aria-pressed') === 'true') return null;
    const scene = button.dataset.scene || action.slice('scene-'.length);
    return { path: '/api/v1/admin/screen', body: { scene } };
  }
  const id = button.dataset.ballotId;
  const ballot = findBallot(id);
  if (!ballot) return null;
  const body = {};
  let seconds = null;
  if (action === 'open') {
    seconds = countdownSeconds(id);
    if (seconds === undefined) {
      showAlert('倒计时请填写分钟数（例如 5 或 0.5），最长 1440 分钟；不限时请留空。');
      return null;
    }
    if (seconds) body.countdown_seconds = seconds;
  }
  if (!window.confirm(confirmText(action, ballot, seconds))) return null;
  return { path: `/api/v1/admin/ballots/${encodeURIComponent(id)}/${action}`, body };
}

/** Apply the API's answer at once; the next snapshot (a fraction of a second later) confirms it. */
function applyAnswer(action, data) {
  if (action.startsWith('sign-in-')) {
    show({ ...current, roll: data });
    return;
  }
  if (action.startsWith('scene-')) {
    // What the screen then shows comes with the next snapshot; the buttons follow the choice now.
    setChosenScene(data.scene);
    show(current);
    return;
  }
  const ballots = (current.ballots || []).map((ballot) => (ballot.id === data.id ? data : ballot));
  show({ ...current, ballots });
}

async function runAction(button) {
  const key = pendingKey(button);
  if (pending.has(key)) return;
  const call = prepare(button);
  if (!call) return;
  pending.add(key);
  button.disabled = true;
  button.setAttribute('aria-busy', '');
  const answer = await request('POST', call.path, call.body);
  pending.delete(key);
  button.disabled = false;
  button.removeAttribute('aria-busy');
  if (!answer.ok) {
    showAlert(answer.message, answer.code === 'unauthenticated');
    show(current);
    if (!socket.connected) refreshOverview();
    return;
  }
  clearAlert();
  applyAnswer(button.dataset.action, answer.data);
  if (!socket.connected) refreshOverview();
}

desk.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (button && !button.disabled) runAction(button);
});

// Enter in a countdown field starts that ballot, as a form would.
desk.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || !event.target.matches('input.field-minutes')) return;
  event.preventDefault();
  const start = desk.querySelector(`button[data-action="open"][data-ballot-id="${event.target.dataset.ballotId}"]`);
  if (start && !start.disabled) runAction(start);
});

/* ---------- screen link ---------- */

function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  // Plain http on the hall LAN is not a secure context: fall back to a selected textarea.
  const area = h('textarea', { readonly: true, class: 'visually-hidden' });
  area.value = text;
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  return copied ? Promise.resolve() : Promise.reject(new Error('copy refused'));
}

const copyButton = document.getElementById('copy-screen-link');
if (copyButton) {
  copyButton.addEventListener('click', () => {
    copyText(copyButton.dataset.copy).then(
      () => {
        copyButton.textContent = '已复制';
        setTimeout(() => {
          copyButton.textContent = '复制链接';
        }, 2000);
      },
      () => showAlert('浏览器不允许自动复制，请选中链接后按 Ctrl+C 复制。'),
    );
  });
}

/* ---------- live updates ---------- */

const conn = document.getElementById('conn');
const CONN_TEXT = { connecting: '正在连接', live: '实时', offline: '连接中断，正在重连', refused: '未连接' };

function setConnection(state) {
  conn.dataset.state = state;
  conn.querySelector('.conn-text').textContent = CONN_TEXT[state];
  conn.title = state === 'live' ? '已连接服务器，页面实时更新' : CONN_TEXT[state];
}

const socket = window.io('/desk', { path: `${scriptRoot}/socket.io` });

socket.on('connect', () => setConnection('live'));
socket.on('disconnect', () => setConnection('offline'));
socket.io.on('reconnect_attempt', () => setConnection(socket.connected ? 'live' : 'offline'));
socket.on('connect_error', () => {
  if (socket.active) {
    setConnection('offline');
    return;
  }
  // The server refused this socket (the login expired): reconnecting will not help.
  setConnection('refused');
  showAlert('登录已失效，页面不再实时更新。', true);
});

socket.on('snapshot', (snapshot) => {
  if (!snapshot || typeof snapshot.seq !== 'number' || snapshot.seq <= lastSeq) return;
  lastSeq = snapshot.seq;
  clockOffset = snapshot.server_time - Date.now();
  show(snapshot);
});

show(current);
setInterval(() => tickCountdowns(clockOffset), 500);

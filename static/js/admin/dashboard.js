/**
 * The secretariat dashboard: keeps the server-rendered page live from the /desk socket and
 * sends the desk's actions (sign-in, open / close / publish a ballot, the hall screen's scene)
 * to the JSON API.
 */

import { clearAlert, showAlert } from './dialog.js';
import { copyOnClick, request, scriptRoot } from './http.js';
import { formatSeconds, render, setChosenScene, tickCountdowns } from './render.js';
import { actWord, doneWord } from './words.js';

const COUNTDOWN_MIN_SECONDS = 10;
const COUNTDOWN_MAX_SECONDS = 24 * 3600;

const desk = document.getElementById('desk');

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

/* ---------- API ---------- */

/** Without the socket, fetch the overview so the page still follows what the desk just did. */
async function refreshOverview() {
  const answer = await request('GET', '/api/v1/admin/overview');
  if (!answer.ok) return;
  if (otherMeeting(answer.data.meeting)) return;
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

const SIGN_IN_CONFIRM = {
  'sign-in-open': '确定开始签到？\n\n开始后，代表可在手机上签到，大屏显示签到情况。',
  'sign-in-close': '确定结束签到？\n\n结束后，代表不能再在手机上签到（秘书处仍可代为登记）。',
};

function confirmText(action, ballot, seconds) {
  const title = `「${ballot.title}」`;
  const turnout = ballot.turnout;
  // 测评 for a rating, 投票 for a project vote (RULES.md "Words").
  const act = actWord(ballot);
  const done = doneWord(ballot);
  if (action === 'open') {
    const timing = seconds ? `倒计时 ${formatSeconds(seconds)}，到时自动结束。` : '未设倒计时，需手动结束。';
    return `确定开始${act}？\n\n${title}\n${timing}\n开始后，代表即可在手机上${act}。`;
  }
  if (action === 'close') {
    return `确定结束${act}？\n\n${title}\n目前${done} ${turnout.voted} / 实到 ${turnout.present}。\n结束后代表不能再${act}，也不能重新开始。`;
  }
  return `确定公布结果？\n\n${title}\n公布后，大屏将显示本次投票的结果。`;
}

/** Work out the call for a button; null when the desk cancelled or the input was refused. */
function prepare(button) {
  const action = button.dataset.action;
  if (action === 'sign-in-open' || action === 'sign-in-close') {
    if (!window.confirm(SIGN_IN_CONFIRM[action])) return null;
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

// The hall screen's link and the chair's, each with its copy button.
for (const copyButton of [document.getElementById('copy-screen-link'), document.getElementById('copy-chair-link')]) {
  if (copyButton) copyOnClick(copyButton, () => showAlert('浏览器不允许自动复制，请选中链接后按 Ctrl+C 复制。'));
}

/* ---------- live updates ---------- */

const conn = document.getElementById('conn');
const CONN_TEXT = { connecting: '正在连接', live: '实时', offline: '连接中断，正在重连', refused: '未连接' };

function setConnection(state) {
  conn.dataset.state = state;
  conn.querySelector('.conn-text').textContent = CONN_TEXT[state];
  conn.title = state === 'live' ? '已连接服务器，页面实时更新' : CONN_TEXT[state];
}

const socket = window.io('/desk', { path: `${scriptRoot()}/socket.io` });

socket.on('connect', () => setConnection('live'));
socket.on('disconnect', (reason) => {
  if (reason !== 'io server disconnect') {
    setConnection('offline');
    return;
  }
  // The server ended this desk session (logout elsewhere, a new password, idle time): the
  // socket will not come back by itself.
  setConnection('refused');
  showAlert('登录已失效，页面不再实时更新。请重新登录。', true);
});
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

/** Another meeting was made current (会议 page): this page shows an archive, so reload. */
function otherMeeting(meeting) {
  if (!meeting || String(meeting.id) === desk.dataset.meetingId) return false;
  window.location.reload();
  return true;
}

socket.on('meeting_changed', () => window.location.reload());

socket.on('snapshot', (snapshot) => {
  if (!snapshot || typeof snapshot.seq !== 'number' || snapshot.seq <= lastSeq) return;
  if (otherMeeting(snapshot.meeting)) return;
  lastSeq = snapshot.seq;
  clockOffset = snapshot.server_time - Date.now();
  show(snapshot);
});

show(current);
setInterval(() => tickCountdowns(clockOffset), 500);

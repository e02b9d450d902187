// Hall screen entry: the /screen socket, snapshot ordering by seq, and an HTTP fallback.

import { kindOf } from '../words.js';
import { resumeFeed } from './feed.js';
import { createScreen } from './scenes.js';

const body = document.body;
const key = body.dataset.screenKey ?? '';
const root = (body.dataset.root ?? '').replace(/\/$/, '');
const stage = document.getElementById('stage');
const conn = document.getElementById('conn');
const connText = conn.querySelector('.conn-text');
const screen = createScreen(stage);

const POLL_AFTER_MS = 8000; // socket down this long: start asking over HTTP as well
const POLL_EVERY_MS = 5000;
const HELLO_TIMEOUT_MS = 5000;
const REFUSED_RETRY_MS = 10000;
// A server whose seq went backwards (its store was reset) would otherwise freeze the
// screen for good: only after this long of nothing but older snapshots is one accepted.
const STALE_GIVE_UP_MS = 60000;

const CONN_TEXT = {
  connecting: '正在连接',
  online: '已连接',
  fallback: '实时连接中断，定时刷新中',
  offline: '连接中断，正在重连…',
  denied: '大屏密钥无效',
};

let lastSeq = -Infinity;
let shownAny = false;
let staleSince = 0;

function setConn(state) {
  conn.dataset.state = state;
  conn.setAttribute('aria-label', `连接状态：${CONN_TEXT[state]}`);
  connText.textContent = CONN_TEXT[state];
}

/** Show a snapshot unless an equal or newer one is already on screen. */
function apply(snapshot) {
  if (!snapshot || typeof snapshot !== 'object' || !Number.isFinite(Number(snapshot.seq))) return false;
  const seq = Number(snapshot.seq);
  if (seq <= lastSeq) {
    if (seq < lastSeq) {
      staleSince ||= Date.now();
      if (Date.now() - staleSince < STALE_GIVE_UP_MS) return false;
      console.warn(`screen: seq went back from ${lastSeq} to ${seq} for a minute; following the server`);
    } else {
      return false;
    }
  }
  staleSince = 0;
  lastSeq = seq;
  try {
    const ballot = snapshot.ballot;
    if (ballot && kindOf(ballot).live_feed) resumeFeed(ballot.id, ballot.feed_totals);
    screen.render(snapshot);
    shownAny = true;
  } catch (error) {
    console.error('screen: could not render snapshot', error, snapshot);
  }
  return true;
}

// ---------- HTTP fallback ----------

let pollTimer = 0;

async function poll() {
  pollTimer = 0;
  if (socket.connected) return;
  try {
    const url = `${root}/api/v1/screen/snapshot?key=${encodeURIComponent(key)}`;
    const response = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
    if (response.ok) {
      apply(await response.json());
      if (!socket.connected) setConn('fallback');
    } else if (response.status === 403) {
      setConn('denied');
      if (!shownAny) screen.showMessage('大屏密钥无效', '请从秘书处控制台重新打开大屏链接');
    } else if (!socket.connected) {
      setConn('offline');
    }
  } catch {
    if (!socket.connected) setConn('offline');
  }
  if (!socket.connected) pollTimer = setTimeout(poll, POLL_EVERY_MS);
}

function pollSoon(delay = POLL_AFTER_MS) {
  if (!pollTimer) pollTimer = setTimeout(poll, delay);
}

function stopPolling() {
  clearTimeout(pollTimer);
  pollTimer = 0;
}

// ---------- socket ----------

// Reconnection is socket.io's own, forever, backing off to at most 5 s between tries.
const socket = window.io('/screen', {
  auth: { key },
  path: `${root}/socket.io`,
  reconnectionDelayMax: 5000,
});

socket.on('connect', () => {
  stopPolling();
  staleSince = 0;
  setConn('online');
  // The server answers hello with its latest snapshot; it also pushes one on connect.
  socket.timeout(HELLO_TIMEOUT_MS).emit('hello', (error, snapshot) => {
    if (error) pollSoon(0);
    else apply(snapshot);
  });
});

socket.on('snapshot', apply);
// The rating's 满意 lines, already shuffled and batched by the server (never one per vote).
socket.on('feed', (message) => screen.feed(message));

socket.on('disconnect', (reason) => {
  setConn('connecting');
  // After a server-side disconnect socket.io does not retry by itself; a screen must.
  if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 1000);
  pollSoon();
});

socket.on('connect_error', () => {
  if (!socket.active) {
    // Refused by the server (e.g. a wrong key): ask over HTTP why, and try again later.
    pollSoon(0);
    setTimeout(() => { if (!socket.connected && !socket.active) socket.connect(); }, REFUSED_RETRY_MS);
  } else {
    pollSoon();
  }
});

// ---------- the screen PC ----------

window.addEventListener('resize', () => screen.layout());
document.fonts?.ready.then(() => screen.layout());

// Hide the pointer when nobody is moving it; double-click toggles full screen.
let idleTimer = 0;
function wakePointer() {
  body.classList.remove('cursor-idle');
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => body.classList.add('cursor-idle'), 3000);
}
document.addEventListener('mousemove', wakePointer);
wakePointer();
document.addEventListener('dblclick', () => {
  if (document.fullscreenElement) document.exitFullscreen?.();
  else document.documentElement.requestFullscreen?.().catch(() => {});
});

// Keep the display awake where the browser allows it (secure contexts only).
async function keepAwake() {
  try {
    if (document.visibilityState === 'visible') await navigator.wakeLock?.request('screen');
  } catch {
    // Not available over plain http on the hall LAN; the PC's power settings must do.
  }
}
document.addEventListener('visibilitychange', keepAwake);
keepAwake();

/** Deputy phone page: loads /api/v1/me, follows the /deputy socket, runs sign-in and voting. */

import { createActions } from './actions.js';
import * as api from './api.js';
import { connectLive } from './live.js';
import { createPage } from './page.js';
import { isOpen, isSending, sleep, state, wakeSubmission } from './phone_state.js';
import * as store from './store.js';

const FATAL = {
  unauthenticated: {
    heading: '请扫描表决卡上的二维码进入',
    message: '本页面需要用手机扫描您表决卡上的二维码打开。',
    link: { href: '/c', text: '无法扫码？输入表决卡上的代码' },
  },
  credential_revoked: {
    heading: '此表决卡已停用',
    message: '您已领取新的表决卡，旧证上的二维码不能再使用。',
    hint: '请扫描新表决卡上的二维码，或到秘书处咨询。',
  },
  deputy_changed: {
    heading: '本页面已不是您刚才看到的代表',
    // the message comes from the server: it names the deputy whose card this browser now holds
    link: { href: '/phone', text: '刷新页面' },
  },
  card_held_elsewhere: {
    heading: '这张表决卡已在另一部手机上使用',
    message: '本次会议每张表决卡只能在一部手机上使用。',
    hint: '如果这是您本人的手机，请到秘书处（报到处）解除绑定后重新扫码。',
  },
  meeting_archived: {
    heading: '这是往届会议的表决卡',
    message: '这张表决卡属于已归档的往届会议，不能用于本次会议。',
    hint: '请扫描本次会议新表决卡上的二维码，或到秘书处（报到处）领取。',
  },
};

let live = null;
let lastMeAt = 0;

function showFatal(result) {
  state.fatal = Object.assign({ code: result.code, message: result.message }, FATAL[result.code]);
  if (live) live.disconnect();
  render();
}

// ---- what the server says -----------------------------------------------------------------

/** Take a ballot from /me (voted known) or from a `state` event (voted undefined). */
function setBallot(ballot, voted) {
  const previousId = state.ballot ? state.ballot.id : null;
  const id = ballot ? ballot.id : null;
  state.ballot = ballot;
  if (id !== previousId) {
    state.confirming = false;
    state.notice = '';
    state.marks = (id !== null && store.getDraft(id)) || {};
  }
  if (voted !== undefined) {
    state.voted = voted;
  } else if (id !== previousId) {
    // A ballot we had not seen: not voted, unless this phone sent a sheet for it.
    const entry = id !== null ? store.getSheet(id) : null;
    state.voted = !!entry && entry.status === 'counted';
    if (entry) loadMe();
  }
}

/** Square what this phone stored with what /me says; /me is the authority. */
function reconcile() {
  const ballot = state.ballot;
  if (!ballot) return;
  if (state.voted && state.undelivered === ballot.id) state.undelivered = null;
  const entry = store.getSheet(ballot.id);
  if (!entry) return;
  if (entry.status === 'counted') {
    if (!state.voted) store.forgetSheet(ballot.id); // the server has no such sheet (data wiped after a rehearsal)
  } else if (ballot.state === 'open') {
    // Resend the pending sheet. If /me already says voted, the answer tells whether the sheet
    // in the box is this one (already_counted) or one from another device (already_voted).
    if (!isSending()) startSubmission(entry.receipt, entry.sheet);
  } else if (state.voted) {
    store.markCounted(ballot.id, entry.receipt);
  } else {
    store.forgetSheet(ballot.id);
    state.undelivered = ballot.id;
  }
}

function applyMe(me, sentAt, receivedAt) {
  state.meeting = me.meeting;
  state.deputy = me.deputy;
  api.setPageDeputy(me.deputy.id);
  state.signInOpen = !!me.sign_in_open;
  if (typeof me.server_time === 'number') state.clockOffset = me.server_time - (sentAt + receivedAt) / 2;
  if (typeof me.seq === 'number' && me.seq > state.seq) state.seq = me.seq;
  store.bindOwner(me.meeting, me.deputy);
  state.loaded = true;
  setBallot(me.ballot || null, !!me.voted);
  state.votedOnPaper = me.voted_via === 'paper';
  reconcile();
  render();
}

async function fetchMe() {
  let delay = 1000;
  for (;;) {
    const sentAt = Date.now();
    const result = await api.getMe();
    if (result.ok) {
      lastMeAt = Date.now();
      applyMe(result.data, sentAt, lastMeAt);
      return;
    }
    if (api.isCardError(result)) {
      showFatal(result);
      return;
    }
    if (!state.loaded) {
      state.bootMessage = result.transient ? '网络不稳定，正在重试…' : result.message;
      render();
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 5000);
  }
}

let meRunning = false;
let meAgain = false;

/** Fetch /api/v1/me and show it, retrying until it answers; a call during a fetch queues one more. */
async function loadMe() {
  if (meRunning) {
    meAgain = true;
    return;
  }
  meRunning = true;
  try {
    do {
      meAgain = false;
      await fetchMe();
    } while (meAgain && !state.fatal);
  } finally {
    meRunning = false;
  }
}

function applyWipe() {
  store.forgetAllSheets();
  if (state.deputy) state.deputy.signed_in = false;
  state.voted = false;
  state.votedOnPaper = false;
  state.undelivered = null;
}

function onState(message) {
  if (!message || typeof message.seq !== 'number' || message.seq <= state.seq) return;
  state.seq = message.seq;
  if (!state.loaded || state.fatal) return; // /api/v1/me is on its way and shows everything
  const before = state.ballot;
  const wasSending = isSending();
  const wipedBefore = state.meeting ? state.meeting.rehearsal_wiped_at : null;
  if (message.meeting) state.meeting = message.meeting;
  state.signInOpen = !!message.sign_in_open;
  // The desk can wipe a rehearsal's sign-ins and votes: `state` says when it last did, and
  // a wipe takes every sign-in and every sheet of the meeting, so the phone applies it here
  // instead of 3,000 phones asking /api/v1/me in the same moment.
  if (state.meeting && state.meeting.rehearsal_wiped_at && state.meeting.rehearsal_wiped_at !== wipedBefore) {
    applyWipe();
  }
  setBallot(message.ballot || null);
  if (wasSending && !isOpen(before.id)) {
    wakeSubmission(); // lets the retry loop see that the ballot closed
    loadMe(); // did the sheet get in before the close?
  }
  render();
}

// ---- start --------------------------------------------------------------------------------

const { actions, startSubmission } = createActions({
  render,
  loadMe,
  showFatal,
  sendSheet: (...sheet) => (live ? live.sendSheet(...sheet) : null),
});
const page = createPage(document.getElementById('app'), actions);

function render() {
  page.render(state);
}

function setOnline(online) {
  state.online = online;
  page.renderConnection(state);
}

function startLive() {
  let firstConnect = true;
  live = connectLive({
    onConnect: () => {
      setOnline(true);
      // Re-read everything after every (re)connect; the first one follows a fresh /me already.
      if (!firstConnect || Date.now() - lastMeAt > 3000) loadMe();
      firstConnect = false;
      wakeSubmission();
    },
    onDisconnect: () => {
      state.seq = -Infinity; // a new connection may be to a restarted server
      setOnline(false);
    },
    onState,
    onPoll: loadMe,
    shouldStop: () => !!state.fatal,
    pageDeputy: api.getPageDeputy,
  });
  if (typeof window.io !== 'function') setOnline(true); // polling: /me answered, so we are online
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && state.loaded && !state.fatal) {
    loadMe(); // a phone back from the pocket may have missed events
    wakeSubmission();
  }
});
window.addEventListener('online', wakeSubmission);
setInterval(() => page.renderCountdown(state), 1000);
setInterval(() => {
  // Waiting to be signed in at the desk: nothing is pushed for that, so ask now and then.
  const ballot = state.ballot;
  const waitingForDesk = state.loaded && !state.fatal && !state.signInOpen && !!ballot && ballot.state === 'open';
  if (waitingForDesk && ballot.require_sign_in && !state.deputy.signed_in) loadMe();
}, 10000);

loadMe().then(() => {
  if (!state.fatal) startLive();
});

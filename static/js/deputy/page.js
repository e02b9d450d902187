/** Drawing the phone page from the state phone.js keeps; each part is rebuilt only when it changed. */

import { renderConfirm, renderForm } from './ballot.js';
import { h, replace } from './dom.js';
import * as store from './store.js';
import * as views from './views.js';

/** The submission for the shown ballot, if any. */
export function currentSubmission(state) {
  const submission = state.submission;
  return submission && state.ballot && submission.ballotId === state.ballot.id ? submission : null;
}

/** Which view the ballot area shows. */
function ballotView(state) {
  const ballot = state.ballot;
  if (!ballot) return 'waiting';
  if (ballot.state !== 'open') return 'closed';
  const submission = currentSubmission(state);
  const status = submission ? submission.status : null;
  if (state.votedOnPaper) return 'paper';
  if (status === 'already_voted') return 'already_voted';
  if (state.voted || status === 'counted') return 'counted';
  if (status === 'sending' || status === 'retrying') return 'sending';
  if (status === 'failed') return 'failed';
  if (ballot.require_sign_in && !state.deputy.signed_in) return 'need_sign_in';
  return state.confirming ? 'confirm' : 'form';
}

function storedReceipt(state) {
  const submission = currentSubmission(state);
  if (submission && submission.status !== 'already_voted') return submission.receipt;
  const entry = state.ballot ? store.getSheet(state.ballot.id) : null;
  return entry ? entry.receipt : null;
}

function buildBallotView(view, state, actions) {
  const ballot = state.ballot;
  switch (view) {
    case 'waiting':
      return views.waiting();
    case 'closed':
      return views.closed(ballot, {
        voted: state.voted,
        code: state.voted ? storedReceipt(state) : null,
        undelivered: state.undelivered === ballot.id,
      });
    case 'already_voted':
      return views.alreadyVoted();
    case 'paper':
      return views.onPaper();
    case 'counted':
      return views.counted(storedReceipt(state), ballot);
    case 'sending':
      return views.sending(state.submission, actions.retryNow);
    case 'failed':
      return views.failed(state.submission.error.message, actions.dismissFailure);
    case 'need_sign_in':
      return views.needSignIn(ballot, state.signInOpen, state.notice);
    case 'confirm':
      return renderConfirm(ballot, state.marks, { onBack: actions.backToForm, onConfirm: actions.confirm });
    default:
      return renderForm(ballot, state.marks, { onChange: actions.marksChanged, onSubmit: actions.review });
  }
}

/** A page over `app`; `actions` are the handlers the buttons call. Answers render(state). */
export function createPage(app, actions) {
  let shell = null;
  let shownView = null;
  const shownKeys = {};

  function patch(name, inputs, build) {
    const key = JSON.stringify(inputs);
    if (shownKeys[name] === key) return false;
    shownKeys[name] = key;
    replace(shell[name], build());
    return true;
  }

  function mount() {
    shell = {
      header: h('div', { class: 'top-info' }),
      conn: h('p', { id: 'conn', class: 'conn', role: 'status' }),
      signIn: h('section', { id: 'sign-in', class: 'sign-in', 'aria-label': '签到' }),
      countdown: h('p', { id: 'countdown', class: 'countdown', role: 'timer', hidden: true }),
      ballot: h('div', { id: 'ballot', class: 'ballot-area' }),
    };
    Object.keys(shownKeys).forEach((name) => delete shownKeys[name]);
    shownView = null;
    replace(app, h('header', { class: 'top', id: 'top' }, shell.header, shell.conn), shell.signIn, shell.countdown, shell.ballot);
  }

  function renderConnection(state) {
    if (!shell) return;
    shell.conn.textContent = views.connection(state.online);
    shell.conn.setAttribute('data-online', state.online ? 'true' : 'false');
  }

  /** Only the countdown line; called every second. */
  function renderCountdown(state) {
    if (!shell) return;
    const ballot = state.ballot;
    const show = !!ballot && ballot.state === 'open' && typeof ballot.closes_at === 'number';
    shell.countdown.hidden = !show;
    if (!show) return;
    // The server's clock, so a phone whose clock is wrong still counts down right.
    const text = views.countdownText(ballot.closes_at - (Date.now() + state.clockOffset));
    if (shell.countdown.textContent !== text) shell.countdown.textContent = text;
  }

  function render(state) {
    app.removeAttribute('aria-busy');
    if (state.fatal || !state.loaded) {
      shell = null;
      replace(app, state.fatal ? views.fatal(state.fatal) : views.boot(state.bootMessage));
      return;
    }
    if (!shell) mount();
    const deputy = state.deputy;
    patch('header', [state.meeting, deputy], () => views.header(state.meeting, deputy));
    const signIn = { signedIn: deputy.signed_in, open: state.signInOpen, busy: state.signIn.busy, error: state.signIn.error };
    patch('signIn', signIn, () => views.signIn(signIn, actions.signIn));
    // Signed in, ✓ 已签到 and the countdown share one line, leaving the screen to the projects.
    shell.signIn.classList.toggle('is-signed', !!deputy.signed_in);
    renderConnection(state);
    renderCountdown(state);
    const view = ballotView(state);
    const inputs = [view, state.ballot, state.voted, state.undelivered, state.notice, state.signInOpen];
    if (view !== 'form' && view !== 'confirm') {
      // The form redraws itself as the deputy taps; everything else is redrawn from here.
      const submission = currentSubmission(state);
      inputs.push(submission && [submission.status, submission.receipt], storedReceipt(state));
    }
    const changed = patch('ballot', inputs, () => buildBallotView(view, state, actions));
    if (changed && shownView !== null && view !== shownView) {
      // A new view replaced the old one: bring its heading into sight and to screen readers.
      const title = shell.ballot.querySelector('[tabindex="-1"]');
      if (title) title.focus();
    }
    shownView = view;
  }

  return { render, renderConnection, renderCountdown };
}

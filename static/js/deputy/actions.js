/** What the deputy does on the phone: sign in, fill the sheet, confirm it and send it. */

import * as api from './api.js';
import { toSheet } from './ballot.js';
import { isOpen, isSending, sleep, state, wakeSubmission } from './phone_state.js';
import { newReceipt } from './receipt.js';
import * as store from './store.js';
import { send } from './submit.js';

/**
 * The deputy's actions for the page, and `startSubmission` for a pending sheet to resend.
 * `hooks` are the page's: render(), loadMe(), showFatal(result), sendSheet(...) over the socket.
 */
export function createActions({ render, loadMe, showFatal, sendSheet }) {
  function startSubmission(receipt, sheet) {
    const submission = { ballotId: state.ballot.id, receipt, sheet, status: 'sending', attempts: 0 };
    state.submission = submission;
    render();
    send(submission, {
      isActive: () => state.submission === submission && !state.fatal && isOpen(submission.ballotId),
      onUpdate: onSubmissionUpdate,
      sendSheet,
    });
  }

  function onSubmissionUpdate(submission) {
    const ballotId = submission.ballotId;
    const shown = !!state.ballot && state.ballot.id === ballotId;
    const error = submission.error;
    // Which road carried the sheet's answer (tests/browser/test_sheet_road.py reads it).
    document.body.dataset.sheetRoad = submission.road;
    if (submission.status === 'counted') {
      store.markCounted(ballotId, submission.receipt);
      if (shown) state.voted = true;
      if (state.undelivered === ballotId) state.undelivered = null;
    } else if (submission.status === 'already_voted') {
      store.forgetSheet(ballotId); // the sheet in the box is not this one
      if (shown) state.voted = true;
    } else if (submission.status === 'failed') {
      if (api.isCardError(error)) {
        showFatal(error);
        return;
      }
      if (error.code === 'ballot_not_open' || error.code === 'not_found') {
        state.submission = null; // keep the pending sheet: /me tells whether it got in
        loadMe();
      } else if (error.code === 'not_signed_in') {
        store.forgetSheet(ballotId);
        state.submission = null;
        state.deputy.signed_in = false;
        state.notice = error.message;
      } else {
        store.forgetSheet(ballotId); // refused, so nothing was counted: the deputy may fix and resend
      }
    }
    render();
  }

  async function signIn() {
    if (state.signIn.busy) return;
    state.signIn = { busy: true, error: '' };
    render();
    let result = null;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      result = await api.signIn(); // signing in twice is not an error, so retrying is safe
      if (result.ok || !result.transient) break;
      if (attempt < 3) await sleep(1000 * attempt);
    }
    state.signIn = { busy: false, error: '' };
    if (result.ok) {
      state.deputy.signed_in = true;
      state.notice = '';
    } else if (api.isCardError(result)) {
      showFatal(result);
      return;
    } else if (result.code === 'sign_in_closed') {
      state.signInOpen = false;
    } else {
      state.signIn.error = result.transient ? '网络不稳定，签到未完成，请再点一次。' : result.message;
    }
    render();
  }

  const actions = {
    signIn,
    marksChanged: (marks) => store.saveDraft(state.ballot.id, marks),
    review: () => {
      state.confirming = true;
      render();
    },
    backToForm: () => {
      state.confirming = false;
      render();
    },
    confirm: () => {
      if (!state.ballot || isSending() || !isOpen(state.ballot.id)) return;
      const receipt = newReceipt();
      const sheet = toSheet(state.ballot, state.marks);
      store.savePending(state.ballot.id, receipt, sheet); // before sending: a reload resends the same
      state.confirming = false;
      startSubmission(receipt, sheet);
    },
    retryNow: () => wakeSubmission(),
    dismissFailure: () => {
      state.submission = null;
      render();
    },
  };

  return { actions, startSubmission };
}

/**
 * Sending one sheet until the server answers. It goes over the phone's /deputy socket (`submit`
 * with its acknowledgement) while that socket is up on a WebSocket, else as the HTTP POST; both
 * roads give the same answer. Network failures, timeouts and 5xx are retried with the SAME
 * receipt and sheet, so the server counts the sheet once whatever happens and whichever road.
 */

import * as api from './api.js';
import { newReceipt } from './receipt.js';
import * as store from './store.js';

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 5000;

/** Wait, unless someone calls submission.wake() first (reconnect, 立即重试). */
function pause(submission, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      submission.wake = null;
      resolve();
    }
    submission.wake = done;
  });
}

/** One attempt: over the socket when sendSheet can carry it and it has not failed us yet. */
function attempt(submission, sendSheet, socketFailed) {
  const { ballotId, receipt, sheet } = submission;
  const overSocket = socketFailed || !sendSheet ? null : sendSheet(ballotId, receipt, sheet);
  submission.road = overSocket ? 'socket' : 'http';
  return overSocket || api.submitSheet(ballotId, receipt, sheet);
}

/**
 * A submission is {ballotId, receipt, sheet, status, road}; status goes 'sending' →
 * 'retrying'* → 'counted' | 'already_voted' | 'failed' (with .error); road says which road
 * carried the last attempt ('socket' or 'http'). Retries stop once isActive() is false (the
 * ballot closed, the page moved on); the caller then asks /api/v1/me what happened.
 * sendSheet is live.js's (null-answering when the socket cannot carry the sheet).
 */
export async function send(submission, { isActive, onUpdate, sendSheet }) {
  let delay = FIRST_DELAY_MS;
  let freshReceipts = 0;
  let socketFailed = false;
  while (isActive()) {
    submission.attempts = (submission.attempts || 0) + 1;
    const result = await attempt(submission, sendSheet, socketFailed);
    if (result.transient && submission.road === 'socket' && !socketFailed) {
      socketFailed = true; // no answer on the socket: straight on to HTTP with the same sheet
      continue;
    }
    if (result.ok) {
      submission.status = 'counted';
      if (result.data.receipt) submission.receipt = result.data.receipt;
      onUpdate(submission);
      return;
    }
    if (result.transient) {
      if (!isActive()) return;
      submission.status = 'retrying';
      onUpdate(submission);
      await pause(submission, delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
      continue;
    }
    if (result.code === 'receipt_taken' && freshReceipts < 3) {
      freshReceipts += 1;
      // Another sheet holds this code (astronomically rare): take a new one, keep the sheet.
      submission.receipt = newReceipt();
      store.savePending(submission.ballotId, submission.receipt, submission.sheet);
      continue;
    }
    submission.status = result.code === 'already_voted' ? 'already_voted' : 'failed';
    submission.error = result;
    onUpdate(submission);
    return;
  }
}

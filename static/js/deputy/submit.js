/**
 * Sending one sheet until the server answers. Network failures, timeouts and 5xx are retried
 * with the SAME receipt and sheet, so the server counts the sheet once whatever happens.
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

/**
 * A submission is {ballotId, receipt, sheet, status}; status goes 'sending' → 'retrying'* →
 * 'counted' | 'already_voted' | 'failed' (with .error). Retries stop once isActive() is false
 * (the ballot closed, the page moved on); the caller then asks /api/v1/me what happened.
 */
export async function send(submission, { isActive, onUpdate }) {
  let delay = FIRST_DELAY_MS;
  let freshReceipts = 0;
  while (isActive()) {
    submission.attempts = (submission.attempts || 0) + 1;
    const result = await api.submitSheet(submission.ballotId, submission.receipt, submission.sheet);
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

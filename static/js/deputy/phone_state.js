/** The phone page's state, shared by the page (phone.js) and what the deputy does (actions.js). */

import { currentSubmission } from './page.js';

export const state = {
  fatal: null, // set when this card cannot be used here; nothing else is shown then
  loaded: false,
  bootMessage: '',
  meeting: null,
  deputy: null,
  signInOpen: false,
  signIn: { busy: false, error: '' },
  ballot: null,
  voted: false, // this deputy's sheet for `ballot` is in the box
  marks: {}, // the form's choices for `ballot`: item id → 'yes' | 'no' | 'abstain'
  confirming: false,
  submission: null, // see submit.js
  undelivered: null, // id of a ballot that closed before this phone's pending sheet got through
  notice: '',
  seq: -Infinity, // of the last `state` event shown, within the current connection
  clockOffset: 0, // server clock minus this phone's clock, in ms
  online: false,
};

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function isOpen(ballotId) {
  return !!state.ballot && state.ballot.id === ballotId && state.ballot.state === 'open';
}

export function isSending() {
  const submission = currentSubmission(state);
  return !!submission && (submission.status === 'sending' || submission.status === 'retrying');
}

export function wakeSubmission() {
  if (state.submission && state.submission.wake) state.submission.wake();
}

/**
 * Sheets this phone has sent or is sending, in localStorage, so a reload can resume a retry
 * or show the receipt again. Keyed by meeting and deputy, so a shared phone never resends
 * one deputy's sheet under another deputy's card.
 */

const VERSION = 'hall.deputy.v1';
const memory = {}; // used when localStorage is blocked (private mode, some in-app browsers)
let key = VERSION + ':unbound';

/** Choose whose sheets we read and write; call after every /api/v1/me. */
export function bindOwner(meeting, deputy) {
  const who = deputy.id !== undefined ? 'id' + deputy.id : [deputy.name, deputy.delegation, deputy.seat].join('|');
  key = VERSION + ':m' + (meeting && meeting.id) + ':' + who;
}

function read() {
  try {
    const text = window.localStorage.getItem(key);
    if (text) return JSON.parse(text);
  } catch (error) {
    // fall through to the in-memory copy
  }
  return memory[key] || { sheets: {}, drafts: {} };
}

function write(data) {
  memory[key] = data;
  try {
    window.localStorage.setItem(key, JSON.stringify(data));
  } catch (error) {
    // storage full or blocked: the in-memory copy still serves this page
  }
}

function update(change) {
  const data = read();
  data.sheets = data.sheets || {};
  data.drafts = data.drafts || {};
  change(data);
  write(data);
}

/** {status: 'pending'|'counted', receipt, sheet?} for a ballot, or null. */
export function getSheet(ballotId) {
  const sheets = read().sheets;
  return (sheets && sheets[ballotId]) || null;
}

/** Saved before the first send, so a reload or a crash resends the same receipt and sheet. */
export function savePending(ballotId, receipt, sheet) {
  update((data) => {
    data.sheets[ballotId] = { status: 'pending', receipt, sheet, saved_at: Date.now() };
    delete data.drafts[ballotId];
  });
}

/** Once counted, keep only the receipt: what the deputy chose need not stay on the phone. */
export function markCounted(ballotId, receipt) {
  update((data) => {
    data.sheets[ballotId] = { status: 'counted', receipt, saved_at: Date.now() };
  });
}

export function forgetSheet(ballotId) {
  update((data) => {
    delete data.sheets[ballotId];
  });
}

/** A rehearsal's wipe: no sheet of this meeting is in any box any more. */
export function forgetAllSheets() {
  update((data) => {
    data.sheets = {};
  });
}

/** The unsent choices on a ballot form, so a reloaded page keeps them. */
export function getDraft(ballotId) {
  const drafts = read().drafts;
  return (drafts && drafts[ballotId]) || null;
}

export function saveDraft(ballotId, marks) {
  update((data) => {
    data.drafts = {};
    data.drafts[ballotId] = marks;
  });
}

// The 满意 feed's store: what has arrived per ballot, whether or not a view shows it
// (a screen that reloads mid-rating resumes its counts from the snapshot's totals).

import { WORDS } from '../words.js';

/** The lines the feed scrolls (不满意 never scrolls). */
export const RATING_TEXT = { satisfied: WORDS.grades.satisfied, fairly_satisfied: WORDS.grades.fairly_satisfied };

const MAX_QUEUE = 400; // queued beyond this: the oldest are skipped
const MAX_STORES = 4;

// ---------- the store: what has arrived, per ballot, whether or not a view shows it ----------

export class FeedStore {
  constructor(ballotId) {
    this.ballotId = ballotId;
    this.lastSeq = -Infinity;
    this.received = 0;
    this.satisfied = 0;
    this.fairly = 0;
    this.shown = 0;
    this.dropped = 0;
    this.queue = [];
    this.listeners = new Set();
  }

  receive(message) {
    const seq = Number(message.seq);
    if (Number.isFinite(seq)) {
      if (seq <= this.lastSeq) return; // a repeat: counted already
      this.lastSeq = seq;
    }
    const items = Array.isArray(message.items) ? message.items : [];
    for (const raw of items) {
      if (!raw || !RATING_TEXT[raw.rating]) continue; // 不满意 is never scrolled
      const item = { projectId: raw.project_id, name: String(raw.name ?? ''), rating: raw.rating };
      this.received += 1;
      if (item.rating === 'satisfied') this.satisfied += 1;
      else this.fairly += 1;
      this.queue.push(item);
    }
    this.resume(message.totals);
    const over = this.queue.length - MAX_QUEUE;
    if (over > 0) {
      this.queue.splice(0, over);
      this.dropped += over;
    }
    for (const listener of this.listeners) listener();
  }
}

/**
 * Counts released before this page loaded (a reload mid-rating): the server's running totals
 * raise the tally without replaying lines that were already shown.
 */
FeedStore.prototype.resume = function resume(totals) {
  if (!totals || typeof totals !== 'object') return;
  const satisfied = Number(totals.satisfied) || 0;
  const fairly = Number(totals.fairly_satisfied) || 0;
  if (satisfied <= this.satisfied && fairly <= this.fairly) return;
  const missed = Math.max(0, satisfied - this.satisfied) + Math.max(0, fairly - this.fairly);
  this.satisfied = Math.max(this.satisfied, satisfied);
  this.fairly = Math.max(this.fairly, fairly);
  this.received += missed;
  this.shown += missed;
  for (const listener of this.listeners) listener();
};

const stores = new Map();

export function feedStore(ballotId) {
  const key = String(ballotId);
  let store = stores.get(key);
  if (!store) {
    store = new FeedStore(key);
    stores.set(key, store);
    while (stores.size > MAX_STORES) stores.delete(stores.keys().next().value);
  }
  return store;
}

/** The snapshot's running totals for a rating ballot (see FeedStore.resume). */
export function resumeFeed(ballotId, totals) {
  if (ballotId === undefined || ballotId === null || !totals) return;
  feedStore(ballotId).resume(totals);
}

/** A `feed` message from the /screen socket. */
export function receiveFeed(message) {
  if (!message || typeof message !== 'object' || message.ballot_id === undefined || message.ballot_id === null) return;
  feedStore(message.ballot_id).receive(message);
}

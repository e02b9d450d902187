// The scrolling 满意 feed of a satisfaction rating: "一条条'满意'滚动在大屏".
//
// The server sends `feed` messages ({ballot_id, seq, items: [{project_id, name, rating}]}),
// already shuffled and batched every ~1.5 s. Batches can be large (a hall of 3,000 rating 10
// projects), so items go into a queue and are released at a calm, steady pace: each column
// rises at one speed, and a new line enters a column only once the line before it has moved a
// full row up. The speed rises with the length of the queue, within limits; past a cap the
// oldest queued lines are skipped (still counted as received). The screen never freezes: at
// most a few dozen lines are on screen, each one element moved by the compositor.

import { animateNumber, h, prefersReducedMotion } from './dom.js';
import { makeLine, remPx } from './feed_line.js';
import { feedStore } from './feed_store.js';

export { receiveFeed, resumeFeed } from './feed_store.js';

const MAX_ON_SCREEN = 48; // lines in flight, all columns together
const BASE_SPEED_REM = 8.5; // rise in rem per second at rate 1 (a row is 8 rem: ~1 line/s/column)
const MAX_RATE = 2.6; // the fastest the columns go when the queue is long
const QUEUE_FOR_MAX = 160; // queue length at which the rate reaches MAX_RATE
const TICK_MS = 50;
const COLUMN_MIN_REM = 52;
const MAX_COLUMNS = 3;

// ---------- the view ----------

/**
 * createFeed() → {el, tally, attach(ballotId), setEnabled(on), layout(), destroy()}.
 * `el` is the rising stage (#feed, with data-received / data-shown / data-queued /
 * data-dropped); `tally` is the running count "已收到 满意 N 条 · 基本满意 M 条".
 */
export function createFeed({ columns: maxColumns = MAX_COLUMNS } = {}) {
  const stageInner = h('div', { class: 'feed-columns' });
  const empty = h('p', { class: 'feed-empty' }, '评价将在这里滚动显示');
  const el = h(
    'div',
    {
      class: 'feed',
      id: 'feed',
      'aria-hidden': 'true', // a moving stream is noise to a screen reader; the tally speaks
      dataset: { received: '0', shown: '0', queued: '0', dropped: '0', satisfied: '0', fairlySatisfied: '0' },
    },
    stageInner,
    empty,
  );

  const satisfiedNum = h('span', { class: 'feed-tally-num', id: 'feed-satisfied' }, '0');
  const fairlyNum = h('span', { class: 'feed-tally-num', id: 'feed-fairly' }, '0');
  const tally = h(
    'div',
    { class: 'feed-tally', id: 'feed-tally', 'aria-live': 'polite', 'aria-atomic': 'true' },
    h(
      'p',
      { class: 'feed-tally-main' },
      h('span', { class: 'feed-tally-label' }, '已收到'),
      ' ',
      h('span', { class: 'feed-tally-kind' }, '满意'),
      ' ',
      satisfiedNum,
      ' ',
      h('span', { class: 'feed-tally-unit' }, '条'),
    ),
    h(
      'p',
      { class: 'feed-tally-sub' },
      h('span', { class: 'feed-tally-kind' }, '基本满意'),
      ' ',
      fairlyNum,
      ' ',
      h('span', { class: 'feed-tally-unit' }, '条'),
    ),
  );

  let store = null;
  let enabled = true;
  let timer = 0;
  let rate = 1;
  let columns = [];
  let geometry = null; // {height, pitch, itemHeight, travel, duration}
  let inFlight = 0;
  const onStore = () => {
    syncCounts();
    if (enabled) wake();
  };

  function setData(name, value) {
    const text = String(value);
    if (el.dataset[name] !== text) el.dataset[name] = text;
  }

  function syncCounts() {
    if (!store) return;
    setData('received', store.received);
    setData('shown', store.shown);
    setData('queued', enabled ? store.queue.length : 0);
    setData('dropped', store.dropped);
    setData('rate', rate.toFixed(2));
    setData('satisfied', store.satisfied);
    setData('fairlySatisfied', store.fairly);
    // Count up only when a figure changed: restarting a count every tick would never settle.
    if (satisfiedNum.dataset.value !== String(store.satisfied)) {
      animateNumber(satisfiedNum, store.satisfied, { duration: 900, busy: tally });
    }
    if (fairlyNum.dataset.value !== String(store.fairly)) animateNumber(fairlyNum, store.fairly, { duration: 900 });
    empty.hidden = store.received > 0;
  }

  function measure() {
    const rem = remPx();
    const width = el.clientWidth;
    const height = el.clientHeight;
    if (width <= 0 || height <= 0) return false;
    const count = Math.max(1, Math.min(maxColumns, Math.floor(width / (COLUMN_MIN_REM * rem))));
    if (count !== columns.length) {
      const old = columns;
      columns = Array.from({ length: count }, (_, index) => old[index] ?? {
        el: h('div', { class: 'feed-column' }),
        last: null,
        lastAt: 0,
      });
      for (const column of old.slice(count)) column.el.remove();
      stageInner.replaceChildren(...columns.map((column) => column.el));
    }
    const itemHeight = 6.4 * rem;
    const pitch = 8 * rem;
    const travel = height + itemHeight;
    geometry = {
      height,
      pitch,
      itemHeight,
      travel,
      duration: (travel / (BASE_SPEED_REM * rem)) * 1000,
      columnWidth: columns[0].el.clientWidth,
    };
    return true;
  }

  /** How far (px) the last line of a column has risen since it entered. */
  function risen(column) {
    const anim = column.last;
    if (!anim || anim.playState === 'finished' || anim.playState === 'idle') return Infinity;
    const progress = anim.effect?.getComputedTiming().progress;
    return (Number(progress) || 0) * anim.travel;
  }

  // Long names shrink a little, then end in an ellipsis: one line per item, always. A hall
  // rates ten-odd projects, so each name is measured once per column width, not per line.
  const fitted = new Map();
  function fit(line, item) {
    const name = line.querySelector('.feed-item-name');
    const key = `${item.rating}|${geometry.columnWidth}|${item.name}`;
    let size = fitted.get(key);
    if (size === undefined) {
      size = '';
      if (name.scrollWidth > name.clientWidth + 1) {
        const ratio = Math.max(0.72, name.clientWidth / name.scrollWidth);
        size = `${Math.floor(ratio * 100) / 100}em`;
      }
      if (fitted.size > 200) fitted.clear();
      fitted.set(key, size);
    }
    if (size) name.style.fontSize = size;
  }

  function launch(column, item) {
    const line = makeLine(item);
    column.el.append(line);
    fit(line, item);
    inFlight += 1;
    store.shown += 1;
    const done = () => {
      line.remove();
      inFlight = Math.max(0, inFlight - 1);
    };
    if (prefersReducedMotion()) {
      // No motion: lines stack in place, newest at the bottom, oldest leaving at the top.
      line.classList.add('is-static');
      const capacity = Math.max(1, Math.floor(geometry.height / geometry.pitch));
      const lines = column.el.querySelectorAll('.feed-item');
      for (let i = 0; i < lines.length - capacity; i += 1) {
        lines[i].remove();
        inFlight = Math.max(0, inFlight - 1);
      }
      column.last = null;
      column.lastAt = performance.now();
      return;
    }
    const anim = line.animate(
      [
        { transform: `translateY(${geometry.height}px)`, opacity: 0.0, offset: 0 },
        { opacity: 1, offset: Math.min(0.2, geometry.itemHeight / geometry.travel + 0.04) },
        { opacity: 1, offset: 0.86 },
        { transform: `translateY(${-geometry.itemHeight}px)`, opacity: 0 },
      ],
      { duration: geometry.duration, easing: 'linear', fill: 'forwards' },
    );
    anim.playbackRate = rate;
    anim.travel = geometry.travel;
    anim.finished.then(done, done);
    column.last = anim;
    column.lastAt = performance.now();
  }

  function targetRate(queued) {
    if (queued <= 4) return 1;
    return Math.min(MAX_RATE, 1 + ((MAX_RATE - 1) * (queued - 4)) / (QUEUE_FOR_MAX - 4));
  }

  function setRate(next) {
    if (Math.abs(next - rate) < 0.01) return;
    rate = next;
    for (const column of columns) {
      for (const anim of column.el.getAnimations({ subtree: true })) anim.updatePlaybackRate(rate);
    }
  }

  function tick() {
    timer = 0;
    if (!store || !enabled || !el.isConnected) return;
    if (!geometry && !measure()) {
      timer = setTimeout(tick, 250);
      return;
    }
    const queued = store.queue.length;
    // Ease towards the target speed: no sudden lurch when a big batch lands.
    setRate(rate + (targetRate(queued) - rate) * 0.12);

    if (queued > 0 && inFlight < MAX_ON_SCREEN) {
      const reduced = prefersReducedMotion();
      const now = performance.now();
      // The column whose last line has risen furthest takes the next line.
      let best = null;
      let bestRisen = -1;
      for (const column of columns) {
        const up = reduced ? (now - column.lastAt) / 1000 * BASE_SPEED_REM * remPx() * rate : risen(column);
        if (up >= geometry.pitch && up > bestRisen) {
          best = column;
          bestRisen = up;
        }
      }
      if (best) launch(best, store.queue.shift());
    }
    syncCounts();
    if (store.queue.length > 0 || inFlight > 0) timer = setTimeout(tick, TICK_MS);
  }

  function wake() {
    if (!timer) timer = setTimeout(tick, 0);
  }

  function attach(ballotId) {
    const next = feedStore(ballotId);
    if (store === next) return;
    store?.listeners.delete(onStore);
    store = next;
    store.listeners.add(onStore);
    el.dataset.ballotId = String(ballotId);
    syncCounts();
    wake();
  }

  /** Off (e.g. display "hidden"): nothing flows and no count is shown; the queue waits. */
  function setEnabled(on) {
    enabled = Boolean(on);
    el.dataset.enabled = String(enabled);
    if (enabled) wake();
    syncCounts();
  }

  function layout() {
    geometry = null;
    measure();
    wake();
  }

  function destroy() {
    clearTimeout(timer);
    timer = 0;
    store?.listeners.delete(onStore);
    store = null;
  }

  return {
    el,
    tally,
    attach,
    setEnabled,
    layout,
    destroy,
    get rate() {
      return rate;
    },
  };
}


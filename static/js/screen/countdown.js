// The voting countdown, run on the server's clock: the screen PC's own clock may be off.

import { h, setText } from './dom.js';

// Each snapshot's server_time gives an estimate of (server clock − local clock). Delivery
// delay, or a snapshot built a while before it was sent, only ever makes the estimate too
// low, so the largest recent estimate is the best one.
const ESTIMATE_WINDOW_MS = 5 * 60 * 1000;
const estimates = [];

export function observeServerTime(serverTime) {
  const t = Number(serverTime);
  if (!Number.isFinite(t) || t <= 0) return;
  const now = Date.now();
  estimates.push({ offset: t - now, at: now });
  while (estimates.length > 1 && now - estimates[0].at > ESTIMATE_WINDOW_MS) estimates.shift();
}

export function serverNow() {
  if (!estimates.length) return Date.now();
  const now = Date.now();
  const recent = estimates.filter((e) => now - e.at <= ESTIMATE_WINDOW_MS);
  const pool = recent.length ? recent : [estimates[estimates.length - 1]];
  return now + Math.max(...pool.map((e) => e.offset));
}

function formatClock(totalSeconds) {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const two = (n) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/** A panel "剩余时间 04:59"; hidden while the ballot has no closes_at. */
export class Countdown {
  constructor({ id } = {}) {
    this.label = h('p', { class: 'countdown-label' }, '剩余时间');
    this.time = h('p', { class: 'countdown-time' }, '--:--');
    this.el = h('div', { class: 'countdown-panel', id, hidden: true }, this.label, this.time);
    this.closesAt = null;
    this.timer = 0;
  }

  set(closesAt) {
    const value = Number(closesAt);
    this.closesAt = closesAt === null || closesAt === undefined || !Number.isFinite(value) ? null : value;
    this.el.hidden = this.closesAt === null;
    this.tick();
  }

  tick() {
    clearTimeout(this.timer);
    this.timer = 0;
    if (this.closesAt === null) {
      delete this.el.dataset.remainingMs;
      return;
    }
    const remaining = Math.max(0, this.closesAt - serverNow());
    const seconds = Math.ceil(remaining / 1000);
    this.el.dataset.remainingMs = String(Math.round(remaining));
    this.el.dataset.urgent = String(seconds <= 60);
    setText(this.time, formatClock(seconds));
    setText(this.label, seconds > 0 ? '剩余时间' : '投票时间到');
    if (seconds > 0) {
      // Wake just after the next whole second, so the display never lags a second behind.
      this.timer = setTimeout(() => this.tick(), (remaining % 1000 || 1000) + 20);
    }
  }

  destroy() {
    clearTimeout(this.timer);
    this.closesAt = null;
  }
}

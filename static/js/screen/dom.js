// Small DOM helpers shared by the screen modules: element builder, number formatting, count-up.

import { h } from '../shared/dom.js';

export { h };

const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

export function prefersReducedMotion() {
  return reducedMotion.matches;
}

/** Write text only when it changed, so unchanged snapshots do not disturb screen readers. */
export function setText(el, text) {
  const value = String(text);
  if (el.textContent !== value) el.textContent = value;
}

export function toCount(value) {
  const n = Number(value);
  return Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0;
}

export function percent(part, whole) {
  if (!whole) return 0;
  return Math.max(0, Math.min(100, (part / whole) * 100));
}

export function formatPercent(part, whole) {
  if (!whole) return '0%';
  return `${((part / whole) * 100).toFixed(1)}%`;
}

/**
 * Show `value` in `el`, counting from what the element shows now. The element's
 * data-value holds the target at once; its text always ends on the exact value.
 * `from` starts the count elsewhere (e.g. 0 for a first reveal); `busy` gets
 * aria-busy while counting, so an aria-live region announces only the final value.
 */
export function animateNumber(el, value, { from, duration = 700, busy } = {}) {
  const target = toCount(value);
  const shown = el.dataset.value === undefined ? target : toCount(el.textContent);
  const start = from === undefined ? shown : toCount(from);
  el.dataset.value = String(target);
  if (el._countUp) cancelAnimationFrame(el._countUp);
  el._countUp = 0;
  if (start === target || prefersReducedMotion() || document.hidden) {
    setText(el, target);
    if (busy) busy.removeAttribute('aria-busy');
    return;
  }
  if (busy) busy.setAttribute('aria-busy', 'true');
  const began = performance.now();
  const step = (now) => {
    const t = Math.min(1, (now - began) / duration);
    const eased = 1 - (1 - t) ** 3;
    setText(el, t >= 1 ? target : Math.round(start + (target - start) * eased));
    if (t < 1) {
      el._countUp = requestAnimationFrame(step);
    } else {
      el._countUp = 0;
      if (busy) busy.removeAttribute('aria-busy');
    }
  };
  setText(el, start);
  el._countUp = requestAnimationFrame(step);
}

/** "1/2" → "半数", "2/3" → "三分之二": how the quorum fraction is said aloud. */
export function chineseFraction(fraction) {
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(fraction ?? '1/2'));
  if (!match) return '半数';
  const [num, den] = [Number(match[1]), Number(match[2])];
  if (num * 2 === den) return '半数';
  const say = (n) => digits[n] ?? String(n);
  return `${say(den)}分之${say(num)}`;
}

/** Smallest whole number strictly above `fraction` × `whole` (e.g. 116 for 1/2 of 230). */
export function moreThan(fraction, whole) {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(fraction ?? '1/2'));
  const [num, den] = match ? [Number(match[1]), Number(match[2])] : [1, 2];
  if (!den) return 0;
  return Math.floor((whole * num) / den) + 1;
}

/**
 * The row for `id` from `rows` (a Map of id → {li, …}), made by makeRow(id) when new, and put
 * at `index` in `list`. `fresh` says it was just made.
 */
export function rowAt(list, rows, id, index, makeRow) {
  let entry = rows.get(id);
  const fresh = !entry;
  if (fresh) {
    entry = makeRow(id);
    rows.set(id, entry);
  }
  if (list.children[index] !== entry.li) list.insertBefore(entry.li, list.children[index] ?? null);
  return { entry, fresh };
}

/** Remove the rows (a Map of id → {li}) whose id is not in `seen`. */
export function dropUnseen(rows, seen) {
  for (const [id, entry] of rows) {
    if (!seen.has(id)) {
      entry.li.remove();
      rows.delete(id);
    }
  }
}

/**
 * Fit a chart's rows in its list's height: a row gets its share, up to maxRowRem; the font is
 * fontShare of the row, up to maxFontRem (written to the CSS variables rowVar and fontVar).
 * Long names (nameSelector) shrink down to 70 % before they are cut with an ellipsis.
 */
export function fitRows(el, list, { maxRowRem, maxFontRem, minFontRem = 0, fontShare, rowVar, fontVar, nameSelector, count: perPage }) {
  // A paged list (pager.js) fits the rows of a full page; rows on other pages are hidden.
  const shown = [...list.children].filter((li) => !li.hidden);
  const count = perPage ?? shown.length;
  if (!count || !el.isConnected) return;
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 10;
  const available = list.getBoundingClientRect().height;
  if (available <= 0) return;
  const rowHeight = Math.min(maxRowRem * rem, available / count);
  const fontSize = Math.min(maxFontRem * rem, rowHeight * fontShare);
  el.style.setProperty(rowVar, `${Math.floor(rowHeight * 10) / 10}px`);
  el.style.setProperty(fontVar, `${Math.floor(fontSize * 10) / 10}px`);
  for (const li of shown) {
    const name = li.querySelector(nameSelector);
    name.style.fontSize = '';
    name.title = '';
    if (name.scrollWidth > name.clientWidth + 1) {
      // Never under minFontRem (read at 30 m): past it, the name ends in an ellipsis.
      const floor = Math.max(0.7, (minFontRem * rem) / fontSize);
      const ratio = Math.min(1, Math.max(floor, name.clientWidth / name.scrollWidth));
      name.style.fontSize = `${Math.floor(fontSize * ratio * 10) / 10}px`;
      if (name.scrollWidth > name.clientWidth + 1) name.title = name.textContent;
    }
  }
}

/** A <dl> of counts from [key, label] pairs; each count's <dd> is put in cells[key]. */
export function countList(attrs, cells, items) {
  return h(
    'dl',
    attrs,
    items.map(([key, label]) => {
      cells[key] = h('dd', { dataset: { count: key } });
      return h('div', {}, h('dt', {}, label), ' ', cells[key], ' ');
    }),
  );
}

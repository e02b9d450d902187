// The satisfaction rating's per-project table on the hall screen (counts, bars, both rates),
// and the rate helpers its scenes share.
//
// Two rates, never to be mixed up, always labelled:
//   满意率      = 满意 ÷ 有效票
//   综合满意率  = (满意 + 基本满意) ÷ 有效票

import { WORDS } from '../words.js';
import {
  animateNumber,
  chineseFraction,
  dropUnseen,
  h,
  percent,
  prefersReducedMotion,
  rowAt,
  setText,
  toCount,
} from './dom.js';
import { createPagedRows } from './pager.js';

export const GRADE_TEXT = WORDS.grades;
export const GRADE_BASIS_TEXT = WORDS.grade_bases;

const MAX_ROW_REM = 8.4;
const MAX_FONT_REM = 4;
// Read at 30 m: a row's text is never under 40 px at 1080p; more projects are paged instead.
const MIN_FONT_REM = 4;
const FONT_SHARE = 0.7;

/** "87.50" → "87.50%"; anything unreadable → "—". */
export function rateText(value) {
  const n = Number(value);
  return Number.isFinite(n) ? `${n.toFixed(2)}%` : '—';
}

export function fractionWords(fraction) {
  const said = chineseFraction(fraction);
  return said === '半数' ? '过半数' : `超过${said}`;
}

/** Count a rate such as "88.10" up from `from` on first show; text always ends exact. */
export function animateRate(el, value, { from = null, duration = 1100 } = {}) {
  const target = Number(value);
  if (el._rateUp) cancelAnimationFrame(el._rateUp);
  el._rateUp = 0;
  if (!Number.isFinite(target)) {
    setText(el, '—');
    return;
  }
  const exact = target.toFixed(2);
  if (from === null || prefersReducedMotion() || document.hidden) {
    setText(el, exact);
    return;
  }
  const began = performance.now();
  const step = (now) => {
    const t = Math.min(1, (now - began) / duration);
    const eased = 1 - (1 - t) ** 3;
    setText(el, t >= 1 ? exact : (from + (target - from) * eased).toFixed(2));
    el._rateUp = t < 1 ? requestAnimationFrame(step) : 0;
  };
  setText(el, Number(from).toFixed(2));
  el._rateUp = requestAnimationFrame(step);
}

// ---------- the per-project table ----------

const SEGMENTS = [...Object.entries(WORDS.grades), ['abstain', WORDS.marks.abstain]];

export function legend() {
  return h(
    'span',
    { class: 'rating-legend' },
    SEGMENTS.map(([key, label]) =>
      h('span', { class: 'rating-legend-item', dataset: { segment: key } }, h('span', { class: 'rating-swatch' }), label),
    ),
  );
}

/**
 * createRatingTable({live}) → {el, update(result, {reveal}), layout()}.
 * `live`: provisional tallies of an open rating — counts and bars only; rates and grades are
 * decided at the end and are not shown.
 */
export function createRatingTable({ live = false } = {}) {
  const headCells = live
    ? [
        h('span', { class: 'rt-pos' }, '序号'),
        h('span', { class: 'rt-name' }, '项目'),
        h('span', { class: 'rt-bar' }), // its legend is on the line under the rows
        h('span', { class: 'rt-num' }, '满意'),
        h('span', { class: 'rt-num' }, '基本满意'),
        h('span', { class: 'rt-num' }, '不满意'),
      ]
    : [
        h('span', { class: 'rt-pos' }, '序号'),
        h('span', { class: 'rt-name' }, '项目'),
        h('span', { class: 'rt-num' }, '满意'),
        h('span', { class: 'rt-num' }, '基本满意'),
        h('span', { class: 'rt-num' }, '不满意'),
        h('span', { class: 'rt-num' }, '弃权'),
        h('span', { class: 'rt-bar' }), // its legend is on the line under the rows
        h('span', { class: 'rt-rate' }, '满意率'),
        h('span', { class: 'rt-rate rt-combined' }, '综合满意率', h('small', {}, '（满意+基本满意）')),
        h('span', { class: 'rt-grade' }, '评定'),
      ];
  const head = h('div', { class: 'rt-head', 'aria-hidden': 'true' }, headCells);
  const list = h('ol', { class: 'rt-rows', id: live ? 'live-rating-rows' : 'rating-rows' });
  const el = h('div', { class: `rating-table${live ? ' is-live' : ''}` }, head, list);
  const { pager, layout } = createPagedRows(el, list, {
    id: live ? null : 'rating-pager',
    sizes: {
      maxRowRem: MAX_ROW_REM,
      maxFontRem: MAX_FONT_REM,
      minFontRem: MIN_FONT_REM,
      fontShare: FONT_SHARE,
      rowVar: '--rt-row-h',
      fontVar: '--rt-font',
      nameSelector: '.rt-name',
    },
  });
  el.append(h('div', { class: 'rt-foot' }, legend(), pager.el));
  const rows = new Map();

  function makeRow(projectId) {
    const c = {
      pos: h('span', { class: 'rt-pos' }),
      name: h('span', { class: 'rt-name' }),
      bar: h('span', { class: 'rt-bar', 'aria-hidden': 'true' }),
      segments: {},
      counts: {},
      satisfiedRate: h('span', { class: 'rt-rate-value' }),
      combinedRate: h('span', { class: 'rt-rate-value' }),
      grade: h('span', { class: 'grade' }),
      rectify: h('span', { class: 'rectify', hidden: true }, h('span', { class: 'rectify-icon', 'aria-hidden': 'true' }), '需整改'),
    };
    const track = h('span', { class: 'rt-track' });
    for (const [key] of SEGMENTS) {
      c.segments[key] = h('span', { class: 'rt-seg', dataset: { segment: key } });
      track.append(c.segments[key]);
    }
    track.append(h('span', { class: 'rt-half' }));
    c.bar.append(track);
    const count = (key, label) => {
      c.counts[key] = h('span', { class: 'rt-count' });
      return h('span', { class: 'rt-num', dataset: { count: key } }, h('span', { class: 'sr-only' }, `${label} `), c.counts[key]);
    };
    const cells = live
      ? [c.pos, c.name, c.bar, count('satisfied', '满意'), count('fairly_satisfied', '基本满意'), count('dissatisfied', '不满意')]
      : [
          c.pos,
          c.name,
          count('satisfied', '满意'),
          count('fairly_satisfied', '基本满意'),
          count('dissatisfied', '不满意'),
          count('abstain', '弃权'),
          c.bar,
          h('span', { class: 'rt-rate' }, h('span', { class: 'sr-only' }, '满意率 '), c.satisfiedRate),
          h('span', { class: 'rt-rate rt-combined' }, h('span', { class: 'sr-only' }, '综合满意率 '), c.combinedRate),
          h('span', { class: 'rt-grade' }, h('span', { class: 'sr-only' }, '评定 '), c.grade, c.rectify),
        ];
    const li = h('li', { class: 'rt-row', dataset: { projectId: String(projectId) } }, cells);
    return { li, c };
  }

  function update(result, { reveal = false } = {}) {
    const given = Array.isArray(result?.rows) ? result.rows : [];
    const ordered = [...given].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    const basis = toCount(result?.basis_count);
    const valid = toCount(result?.valid);
    const widest = Math.max(
      0,
      ...ordered.map((row) => SEGMENTS.reduce((sum, [key]) => sum + toCount(row[key]), 0)),
    );
    const scale = Math.max(valid, basis, widest, 1);
    // The grade line: 满意 past it is 满意; 满意 + 基本满意 past it is 基本满意.
    const fraction = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(result?.grade_fraction ?? '1/2'));
    const share = fraction && Number(fraction[2]) ? Number(fraction[1]) / Number(fraction[2]) : 0.5;
    el.style.setProperty('--half-pct', `${percent(basis * share, scale)}%`);
    el.classList.toggle('has-half', basis > 0);
    el.dataset.scale = String(scale);

    const seen = new Set();
    ordered.forEach((row, index) => {
      const id = String(row.project_id);
      seen.add(id);
      const { entry, fresh } = rowAt(list, rows, id, index, makeRow);
      const { li, c } = entry;

      setText(c.pos, row.position ?? index + 1);
      if (c.name.textContent !== String(row.name ?? '')) {
        c.name.textContent = String(row.name ?? '');
        c.name.style.fontSize = '';
      }
      const grow = reveal && fresh && !live;
      let left = 0;
      for (const [key] of SEGMENTS) {
        const n = toCount(row[key]);
        li.dataset[key === 'fairly_satisfied' ? 'fairlySatisfied' : key] = String(n);
        const seg = c.segments[key];
        const width = percent(n, scale);
        const at = left;
        left += width;
        if (grow) {
          // First appearance: the stacked bar grows from the left edge as one piece.
          seg.style.left = '0%';
          seg.style.width = '0%';
          requestAnimationFrame(() => requestAnimationFrame(() => {
            seg.style.left = `${at}%`;
            seg.style.width = `${width}%`;
          }));
        } else {
          seg.style.left = `${at}%`;
          seg.style.width = `${width}%`;
        }
        if (c.counts[key]) {
          animateNumber(c.counts[key], n, grow ? { from: 0, duration: 900 } : { duration: 500 });
        }
      }
      if (!live) {
        const grade = String(row.grade ?? '');
        const rectify = Boolean(row.needs_rectification);
        li.dataset.grade = grade;
        li.dataset.rectify = String(rectify);
        li.dataset.satisfiedRate = String(row.satisfied_rate ?? '');
        li.dataset.combinedRate = String(row.combined_rate ?? '');
        setText(c.satisfiedRate, rateText(row.satisfied_rate));
        setText(c.combinedRate, rateText(row.combined_rate));
        // No valid sheet yet: no grade (null), said as 未测评.
        setText(c.grade, grade ? GRADE_TEXT[grade] ?? grade : WORDS.ungraded);
        c.rectify.hidden = !rectify;
      }
    });
    dropUnseen(rows, seen);
    el.hidden = ordered.length === 0;
    layout();
  }

  return { el, update, layout, destroy: pager.destroy };
}

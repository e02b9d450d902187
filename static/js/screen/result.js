// The result chart: one row per candidate, 赞成 as a bar, the threshold as one vertical line;
// on a yes / no / abstain ballot, 反对 and 弃权 follow 赞成 on the bar (marks.js).

import { WORDS } from '../words.js';
import { animateNumber, dropUnseen, h, percent, rowAt, setText, toCount } from './dom.js';
import { barLength, markHead, otherHeads, otherParts, setOthers } from './marks.js';
import { createPagedRows } from './pager.js';

// Outcome in words and in a shape (✓ ＝ ✗ —), never in colour alone.
const SHAPES = { chosen: '✓ ', tied: '＝ ', not_passed: '✗ ' }; // tied: the note above says why
export const OUTCOME_TEXT = Object.fromEntries(
  Object.entries(WORDS.outcomes).map(([outcome, word]) => [outcome, (SHAPES[outcome] ?? '') + word]),
);

export const BASIS_TEXT = Object.fromEntries(
  Object.entries(WORDS.bases).map(([basis, label]) => [basis, { label, unit: WORDS.basis_units[basis] }]),
);

const MAX_ROW_REM = 7.2;
const MAX_FONT_REM = 4.6;
// Read at 30 m: a row's text is never under 40 px at 1080p; a longer list is paged instead.
export const MIN_FONT_REM = 4;
const FONT_SHARE = 0.7;
// The published list: 入选 first, then the ties, then 未入选 / 未过半数 (each in rank order).
const OUTCOME_ORDER = { chosen: 0, tied: 1, not_chosen: 2, not_passed: 3, undecided: 4 };

function isHalf(result) {
  const fraction = result.threshold_fraction;
  return fraction === undefined || fraction === null || String(fraction).replace(/\s/g, '') === '1/2';
}

export function thresholdLabel(result) {
  const line = isHalf(result) ? '过半数线' : '通过线';
  return `${line} ${toCount(result.threshold)} 票`;
}

function outcomeText(outcome, result) {
  if (outcome === 'not_passed' && !isHalf(result)) return '✗ 未达通过线';
  return OUTCOME_TEXT[outcome] ?? '—';
}

/**
 * createResultChart({live}) → {el, update(result, {reveal}), layout()}.
 * `live`: tallies of an open ballot — rows keep the ballot's list order (so they do not
 * jump about while votes arrive) and show no rank or outcome, which are not decided yet.
 */
export function createResultChart({ live = false } = {}) {
  const thresholdValue = h('span', { class: 'chart-threshold-value' });
  const thresholdBasis = h('span', { class: 'chart-threshold-basis' });
  const thresholdText = h(
    'span',
    { class: 'chart-threshold-label', id: live ? null : 'threshold-line' },
    thresholdValue,
    ' ',
    thresholdBasis,
  );
  const yesHead = h('span', { class: 'chart-count', dataset: { mark: 'yes' } }, '赞成票');
  const head = h(
    'div',
    { class: 'chart-head', 'aria-hidden': 'true' },
    h('span', { class: 'chart-rank' }, '名次'),
    h('span', { class: 'chart-name' }, '候选项目'),
    h('span', { class: 'chart-track' }, thresholdText),
    yesHead,
    ...otherHeads(),
    h('span', { class: 'chart-outcome' }, '结果'),
  );
  const list = h('ol', { class: 'chart-rows', id: live ? 'live-rows' : 'result-rows' });
  const el = h('div', { class: live ? 'chart is-live' : 'chart' }, head, list);
  const { pager, layout } = createPagedRows(el, list, {
    id: live ? null : 'result-pager',
    sizes: {
      maxRowRem: MAX_ROW_REM,
      maxFontRem: MAX_FONT_REM,
      minFontRem: MIN_FONT_REM,
      fontShare: FONT_SHARE,
      rowVar: '--row-h',
      fontVar: '--row-font',
      nameSelector: '.chart-name',
    },
  });
  el.append(pager.el);
  const rows = new Map();

  function makeRow(candidateId) {
    const cells = {
      rank: h('span', { class: 'chart-rank' }),
      name: h('span', { class: 'chart-name' }),
      bar: h('span', { class: 'chart-bar' }),
      count: h('span', { class: 'chart-count-num' }),
      outcome: h('span', { class: 'outcome' }),
      others: otherParts(),
    };
    const li = h(
      'li',
      { class: 'chart-row', dataset: { candidateId: String(candidateId) } },
      cells.rank,
      ' ',
      cells.name,
      ' ',
      h('span', { class: 'chart-track', 'aria-hidden': 'true' }, cells.bar, ...Object.values(cells.others.segments)),
      h('span', { class: 'chart-count', dataset: { mark: 'yes' } }, h('span', { class: 'sr-only' }, '赞成 '), cells.count, ' '),
      ...cells.others.cells,
      h('span', { class: 'chart-outcome' }, cells.outcome),
    );
    return { li, cells };
  }

  /** `marks`: a yes / no / abstain ballot, whose rows show 反对 and 弃权 too. */
  function update(result, { reveal = false, marks = false } = {}) {
    const given = Array.isArray(result?.rows) ? result.rows : [];
    const group = (row) => OUTCOME_ORDER[row.outcome] ?? 4;
    const ordered = live
      ? [...given].sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      : [...given].sort((a, b) => group(a) - group(b));
    const basis = toCount(result?.basis_count);
    const threshold = toCount(result?.threshold);
    const top = Math.max(0, ...ordered.map((row) => barLength(row, marks)));
    if (el.classList.contains('has-marks') !== marks || !yesHead.firstChild) {
      el.classList.toggle('has-marks', marks);
      yesHead.replaceChildren(...(marks ? markHead('yes') : ['赞成票']));
    }
    // Bars are scaled to the basis (全体代表 etc.) so the line sits where the rule puts it.
    const scale = Math.max(basis, top, threshold, 1);

    el.style.setProperty('--threshold-pct', `${percent(threshold, scale)}%`);
    // The label hangs off the line towards the wider side, so it never runs into 赞成票.
    const linePct = percent(threshold, scale);
    thresholdText.style.left = `${linePct}%`;
    thresholdText.style.transform = linePct > 50 ? 'translateX(-100%)' : 'none';
    setText(thresholdValue, thresholdLabel(result ?? {}));
    const basisText = BASIS_TEXT[result?.threshold_basis];
    thresholdBasis.hidden = !basisText;
    if (basisText) setText(thresholdBasis, `${basisText.label} ${basis} ${basisText.unit}`);
    el.dataset.basis = String(result?.threshold_basis ?? '');
    el.hidden = !threshold && !ordered.length;
    el.dataset.threshold = String(threshold);
    el.dataset.scale = String(scale);

    const seen = new Set();
    ordered.forEach((row, index) => {
      const id = String(row.candidate_id);
      seen.add(id);
      const { entry, fresh } = rowAt(list, rows, id, index, makeRow);
      const { li, cells } = entry;

      const yes = toCount(row.yes);
      const outcome = live ? 'live' : String(row.outcome ?? 'undecided');
      li.dataset.outcome = outcome;
      li.dataset.rank = row.rank === null || row.rank === undefined ? '' : String(row.rank);
      li.dataset.yes = String(yes);
      li.dataset.passed = String(Boolean(row.passed));
      setText(cells.rank, li.dataset.rank);
      if (cells.name.textContent !== String(row.name ?? '')) {
        cells.name.textContent = String(row.name ?? '');
        cells.name.style.fontSize = '';
      }
      setText(cells.outcome, live ? '' : outcomeText(outcome, result));

      const width = `${percent(yes, scale)}%`;
      setOthers(cells.others, row, scale, { grow: reveal && fresh && !live, marks });
      if (reveal && fresh && !live) {
        // First appearance: bars grow from zero and numbers count up with them.
        cells.bar.style.width = '0%';
        animateNumber(cells.count, yes, { from: 0, duration: 900 });
        requestAnimationFrame(() => requestAnimationFrame(() => { cells.bar.style.width = width; }));
      } else {
        cells.bar.style.width = width;
        animateNumber(cells.count, yes, { duration: 500 });
      }
    });
    dropUnseen(rows, seen);
    el.style.setProperty('--rows', String(Math.max(1, ordered.length)));
    layout();
  }

  return { el, update, layout, destroy: pager.destroy };
}

// The result chart: one row per candidate, 赞成 as a bar, the threshold as one vertical line.

import { animateNumber, dropUnseen, fitRows, h, percent, rowAt, setText, toCount } from './dom.js';

// Outcome in words and in a shape (✓ ＝ ✗ —), never in colour alone.
export const OUTCOME_TEXT = {
  chosen: '✓ 入选',
  tied: '＝ 并列（待重新票决）',
  not_chosen: '未入选',
  not_passed: '✗ 未过半数',
  undecided: '—',
};

export const BASIS_TEXT = {
  expected: { label: '全体代表', unit: '人' },
  present: { label: '实到代表', unit: '人' },
  returned: { label: '收回票数', unit: '票' },
};

const MAX_ROW_REM = 7.2;
const MAX_FONT_REM = 3.6;

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
  const head = h(
    'div',
    { class: 'chart-head', 'aria-hidden': 'true' },
    h('span', { class: 'chart-rank' }, '名次'),
    h('span', { class: 'chart-name' }, '候选项目'),
    h('span', { class: 'chart-track' }, thresholdText),
    h('span', { class: 'chart-count' }, '赞成票'),
    h('span', { class: 'chart-outcome' }, '结果'),
  );
  const list = h('ol', { class: 'chart-rows', id: live ? 'live-rows' : 'result-rows' });
  const el = h('div', { class: live ? 'chart is-live' : 'chart' }, head, list);
  const rows = new Map();

  function makeRow(candidateId) {
    const cells = {
      rank: h('span', { class: 'chart-rank' }),
      name: h('span', { class: 'chart-name' }),
      bar: h('span', { class: 'chart-bar' }),
      count: h('span', { class: 'chart-count-num' }),
      outcome: h('span', { class: 'outcome' }),
    };
    const li = h(
      'li',
      { class: 'chart-row', dataset: { candidateId: String(candidateId) } },
      cells.rank,
      ' ',
      cells.name,
      ' ',
      h('span', { class: 'chart-track', 'aria-hidden': 'true' }, cells.bar),
      h('span', { class: 'chart-count' }, h('span', { class: 'sr-only' }, '赞成 '), cells.count, ' '),
      h('span', { class: 'chart-outcome' }, cells.outcome),
    );
    return { li, cells };
  }

  function update(result, { reveal = false } = {}) {
    const given = Array.isArray(result?.rows) ? result.rows : [];
    const ordered = live
      ? [...given].sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      : given;
    const basis = toCount(result?.basis_count);
    const threshold = toCount(result?.threshold);
    const top = Math.max(0, ...ordered.map((row) => toCount(row.yes)));
    // Bars are scaled to the basis (全体代表 etc.) so the line sits where the rule puts it.
    const scale = Math.max(basis, top, threshold, 1);

    el.style.setProperty('--threshold-pct', `${percent(threshold, scale)}%`);
    const labelPct = Math.min(82, Math.max(18, percent(threshold, scale)));
    thresholdText.style.left = `${labelPct}%`;
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

  /** Fit the rows in the height available: 15 rows at 1080 px, ~20 by shrinking rows. */
  function layout() {
    fitRows(el, list, {
      maxRowRem: MAX_ROW_REM,
      maxFontRem: MAX_FONT_REM,
      fontShare: 0.7,
      rowVar: '--row-h',
      fontVar: '--row-font',
      nameSelector: '.chart-name',
    });
  }

  return { el, update, layout };
}

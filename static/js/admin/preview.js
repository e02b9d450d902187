/** The desk's result preview (only the desk sees it before publication): votes and ratings. */

import { WORDS, kindOf } from '../words.js';
import { exportLinks } from './ballot_cards.js';
import { h } from './http.js';
import { BASIS_NAMES, FRACTION_NAMES, GRADE_BASIS_NAMES, GRADE_NAMES, OUTCOME_NAMES } from './words.js';

function previewNotes(ballot, result) {
  const notes = [];
  if (result.void) {
    notes.push(['bad', '收回选票多于发出选票，本次投票无效。']);
  } else if (!result.vote_valid) {
    const text =
      ballot.state === 'open'
        ? `目前收回选票 ${result.returned} 张，尚未过全体代表（${result.expected} 人）半数；结束时仍未过半数，投票无效。`
        : `收回选票 ${result.returned} 张，未过全体代表（${result.expected} 人）半数，投票结果无效。`;
    notes.push(['warn', text]);
  }
  if (result.tied_ids && result.tied_ids.length) {
    notes.push(['warn', `${result.tied_ids.length} 个项目得票并列，剩余 ${result.places_left} 个名额须重新票决。`]);
  }
  if (result.shortfall) notes.push(['warn', `过半数的项目不足应选数，尚缺 ${result.shortfall} 项。`]);
  if (result.final) notes.push(['final', finalText(result.final)]);
  if (sourceText(result)) notes.push(['split', sourceText(result)]);
  return notes.map(([kind, text]) => h('p', { class: `note note-${kind}` }, text));
}

/** Sheets from phones and from paper (result.sources), once any came on paper. */
function sourceText(result) {
  const sources = result.sources || {};
  if (!sources.paper || !sources.paper.returned) return '';
  const part = (name, counts) => `${name} ${counts.returned} 张（有效 ${counts.valid}，无效 ${counts.invalid}）`;
  return `其中${part('手机', sources.phone)}；${part('纸质', sources.paper)}。`;
}

/** The rounds of a vote and its re-votes combined (result.final, docs/api.md). */
function finalText(final) {
  const names = final.chosen.map((entry) => entry.name).join('、') || '无';
  let text = `最终结果（含重新票决，共 ${final.rounds.length} 轮）：入选 ${final.chosen_ids.length} 项：${names}。`;
  if (final.tied_ids.length) text += ` 仍有 ${final.tied_ids.length} 个项目并列，争夺 ${final.places_left} 个名额。`;
  if (final.pending_id) text += ' 重新票决尚未结束。';
  return text;
}

function resultTable(ballot, result) {
  const marks = kindOf(ballot).paper_marks;
  // The hall keypads' colours mark the columns once there is more than 赞成 (RULES.md "Words").
  const full = marks.length > 1;
  const num = (text, mark) => h('th', { class: `col-num${mark ? ` mark-${mark}` : ''}`, scope: 'col' }, text);
  const head = h(
    'tr',
    {},
    h('th', { class: 'col-rank', scope: 'col' }, '名次'),
    h('th', { scope: 'col' }, '候选项目'),
    ...marks.map((mark) => num(WORDS.marks[mark], full && mark)),
    h('th', { class: 'col-outcome', scope: 'col' }, '结果'),
  );
  const rows = result.rows.map((row) =>
    h(
      'tr',
      { 'data-outcome': row.outcome },
      h('td', { class: 'col-rank' }, row.rank),
      h('td', {}, row.name),
      // The hall keypads' colours: 赞成 green, 反对 red, 弃权 yellow (RULES.md "Words").
      ...marks.map((mark) => h('td', { class: `col-num${full ? ` mark-${mark}` : ''}` }, row[mark])),
      h(
        'td',
        { class: 'col-outcome' },
        h('span', { class: 'outcome', 'data-outcome': row.outcome }, OUTCOME_NAMES[row.outcome] || row.outcome),
      ),
    ),
  );
  return h('table', { class: 'result-table' }, h('thead', {}, head), h('tbody', {}, rows));
}

const rate = (text) => `${text}%`;

function ratingNotes(result) {
  if (!result.valid) return [h('p', { class: 'note note-warn' }, '尚无有效测评票，各项目未测评；收回后按上述规则评定等次。')];
  const flagged = result.rows.filter((row) => row.needs_rectification);
  const split = sourceText(result);
  const notes = split ? [h('p', { class: 'note note-split' }, split)] : [];
  if (!flagged.length) return notes;
  const names = flagged.map((row) => row.name).join('、');
  return [h('p', { class: 'note note-bad' }, `${flagged.length} 个项目评为「不满意」，须整改：${names}。`), ...notes];
}

function ratingTable(result) {
  // No valid sheet, no grade (grade null: 未测评), and nothing flagged for 整改.
  const rated = result.valid > 0;
  const th = (cls, ...text) => h('th', { class: cls, scope: 'col' }, ...text);
  const wide = (label) => [label, h('small', {}, '（满意+基本满意）')];
  const head = h(
    'tr',
    {},
    th('col-rank', '序号'),
    h('th', { scope: 'col' }, '项目'),
    th('col-num', '满意'),
    th('col-num', '基本满意'),
    th('col-num', '不满意'),
    th('col-num', '弃权'),
    th('col-rate', '满意率'),
    th('col-rate col-rate-wide', ...wide('综合满意率')),
    th('col-grade', '等次'),
  );
  const rows = result.rows.map((row) => {
    const flag = rated && row.needs_rectification;
    const grade = rated
      ? [
          h('span', { class: 'grade', 'data-grade': row.grade }, GRADE_NAMES[row.grade] || row.grade),
          flag && ' ',
          flag && h('span', { class: 'rectify' }, '⚠ 需整改'),
        ]
      : [h('span', { class: 'grade grade-none', title: '尚无有效测评票' }, '未测评')];
    return h(
      'tr',
      { 'data-project-id': row.project_id, 'data-grade': rated ? row.grade : '', 'data-rectify': flag ? 'true' : null },
      h('td', { class: 'col-rank' }, row.position),
      h('td', {}, row.name),
      h('td', { class: 'col-num' }, row.satisfied),
      h('td', { class: 'col-num' }, row.fairly_satisfied),
      h('td', { class: 'col-num' }, row.dissatisfied),
      h('td', { class: 'col-num' }, row.abstain),
      h('td', { class: 'col-rate' }, rate(row.satisfied_rate)),
      h('td', { class: 'col-rate col-rate-wide' }, rate(row.combined_rate)),
      h('td', { class: 'col-grade' }, ...grade),
    );
  });
  return h('table', { class: 'result-table rating-table' }, h('thead', {}, head), h('tbody', {}, rows));
}

/** A satisfaction rating's preview: figures, the two overall rates, the grade rule, the table. */
function ratingPreview(snapshot, ballot, result) {
  const summary = (snapshot.ballots || []).find((item) => item.id === ballot.id);
  const turnout = (summary && summary.turnout) || ballot.turnout || {};
  const expected = turnout.expected ?? snapshot.roll.expected;
  const present = turnout.present ?? snapshot.roll.present;
  const fraction = FRACTION_NAMES[result.grade_fraction] || result.grade_fraction;
  const basis = GRADE_BASIS_NAMES[result.grade_basis] || result.grade_basis;
  const figure = (label, value, after) => h('span', {}, `${label} `, h('b', {}, value), after || '');
  const overall = (id, label, value) => h('div', { class: 'overall-item' }, h('dt', {}, ...label), h('dd', { id }, rate(value)));
  return [
    h(
      'p',
      { class: 'preview-figures' },
      figure('应到', expected),
      figure('实到', present),
      figure('收回', result.returned),
      figure('有效', result.valid),
      figure('无效', result.invalid),
      figure('测评', result.rows.length, ' 个项目'),
    ),
    h(
      'dl',
      { id: 'rating-overall', class: 'overall' },
      overall('overall-satisfied', ['总体满意率'], result.overall_satisfied_rate),
      overall('overall-combined', ['总体综合满意率', h('small', {}, '（满意+基本满意）')], result.overall_combined_rate),
    ),
    h(
      'p',
      { id: 'grade-line', class: 'threshold-line' },
      `等次：满意票过${basis}（${result.basis_count} 张）${fraction}为「满意」；否则满意与基本满意合计过${fraction}为「基本满意」；其余为「不满意」，须整改。`,
    ),
    ...ratingNotes(result),
    ratingTable(result),
    h(
      'p',
      { class: 'table-note' },
      '满意率 = 满意 ÷ 有效测评票；综合满意率 =（满意 + 基本满意）÷ 有效测评票；弃权（未评）不影响测评票有效。',
    ),
  ];
}

/** A project vote's preview: figures, the threshold, notes on validity and ties, the table. */
function voteResultPreview(ballot, result) {
  const [basisName, unit] = BASIS_NAMES[result.threshold_basis] || [result.threshold_basis, ''];
  const figure = (label, value, after) => h('span', {}, `${label} `, h('b', {}, value), after || '');
  return [
    h(
      'p',
      { class: 'preview-figures' },
      figure('应到', result.expected),
      figure('实到', result.present),
      figure('请假', result.on_leave ?? '—'),
      figure('缺席', result.absent ?? result.expected - result.present),
      figure('发出', result.issued),
      figure('收回', result.returned),
      figure('有效', result.valid),
      figure('无效', result.invalid),
      figure('应选', result.places, ' 项'),
    ),
    h(
      'p',
      { id: 'threshold-line', class: 'threshold-line' },
      `过半数线：${result.threshold} 票（基数：${basisName} ${result.basis_count} ${unit}）`,
    ),
    ...previewNotes(ballot, result),
    resultTable(ballot, result),
  ];
}

let shownPreview = null;

export function renderPreview(snapshot) {
  const box = document.getElementById('preview');
  const ballot = snapshot.ballot;
  const result = snapshot.preview;
  const summary = ballot && (snapshot.ballots || []).find((item) => item.id === ballot.id);
  const fingerprint = JSON.stringify([
    ballot && ballot.id,
    ballot && ballot.state,
    ballot && ballot.title,
    summary && summary.turnout,
    result,
  ]);
  if (fingerprint === shownPreview) return;
  shownPreview = fingerprint;

  if (!ballot || !result) {
    box.replaceChildren(h('p', { class: 'empty' }, '尚无开始的投票。开始投票后，这里实时显示计票结果（仅秘书处可见）。'));
    return;
  }
  const tag =
    ballot.state === 'published'
      ? h('span', { class: 'tag tag-published' }, '已公布')
      : h('span', { class: 'tag tag-provisional' }, ballot.state === 'open' ? '临时结果 · 计票中' : '未公布');
  const finished = ballot.state === 'closed' || ballot.state === 'published';
  const isRating = kindOf(ballot).report === 'rating';
  box.replaceChildren(
    h('div', { class: 'preview-head' }, h('h3', { class: 'preview-title' }, ballot.title), tag, finished && exportLinks(ballot)),
    ...(isRating ? ratingPreview(snapshot, ballot, result) : voteResultPreview(ballot, result)),
  );
}

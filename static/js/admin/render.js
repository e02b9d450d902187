/**
 * Draws a desk snapshot into the dashboard that templates/admin/dashboard.html rendered first.
 * Elements are updated in place, keyed by ballot id, so a snapshot arriving several times a
 * second never wipes the countdown someone is typing or the button someone is about to click.
 */

import { h, scriptRoot } from './http.js';

// Labels shared with templates/admin/dashboard.html: keep the two in step.
const STATE_NAMES = { draft: '草稿', open: '投票中', closed: '已结束', published: '已公布', void: '作废' };
const DISPLAY_NAMES = {
  turnout: '大屏显示投票进度',
  live: '大屏实时显示票数',
  hidden: '大屏不显示进度',
};
const KIND_NAMES = { project_vote: '票决', rating: '满意度测评', satisfaction: '满意度测评' };
const OUTCOME_NAMES = {
  chosen: '入选',
  tied: '并列待重新票决',
  not_chosen: '未入选',
  not_passed: '未过半数',
  undecided: '无效',
};
const BASIS_NAMES = {
  expected: ['全体代表', '人'],
  present: ['出席代表', '人'],
  returned: ['收回选票', '张'],
};
const FRACTION_NAMES = { '1/2': '半数', '2/3': '三分之二' };
const GRADE_NAMES = { satisfied: '满意', fairly_satisfied: '基本满意', dissatisfied: '不满意' };
const GRADE_BASIS_NAMES = { returned: '收回测评票', valid: '有效测评票' };
const SCENE_NOTES = {
  auto: '大屏随投票进程自动切换：签到、投票进度、结果。',
  showcase: '大屏正在展示上年度民生实事项目完成情况。',
  title: '大屏正在显示会标（会议名称和年度）。',
  sign_in: '大屏固定显示签到情况：应到、实到、法定人数。',
  ballot: '大屏固定显示「{}」，不随投票进程切换。',
};
const SCENE_NAMES = { title: '会标', sign_in: '签到情况', showcase: '完成情况', ballot: '另一项投票' };
const SCENE_BUTTON_NAMES = { auto: '自动跟随', title: '会标', sign_in: '签到', showcase: '完成情况展示' };

const desk = document.getElementById('desk');

function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

function setData(element, name, value) {
  if (element && element.dataset[name] !== value) element.dataset[name] = value;
}

/** "04:59", or "1:04:59" from an hour up. */
export function formatSeconds(total) {
  const seconds = Math.max(0, Math.ceil(total));
  const two = (n) => String(n).padStart(2, '0');
  const mm = two(Math.floor(seconds / 60) % 60);
  const ss = two(seconds % 60);
  return seconds >= 3600 ? `${Math.floor(seconds / 3600)}:${mm}:${ss}` : `${two(Math.floor(seconds / 60))}:${ss}`;
}

export function render(snapshot) {
  setText(document.getElementById('meeting-name'), snapshot.meeting.name);
  const rehearsal = document.getElementById('rehearsal-banner');
  if (rehearsal) rehearsal.hidden = !snapshot.meeting.rehearsal;
  renderRoll(snapshot.roll);
  renderLeaveCleared(snapshot.leave_cleared);
  renderScene(snapshot);
  renderBallots(snapshot.ballots || []);
  renderPreview(snapshot);
}

/* ---------- the hall screen's scene (大屏显示) ---------- */

// What the desk chose: auto, title, sign_in, showcase or ballot:<id>. The snapshot says it as
// `screen_scene` when the server sends it; otherwise it is followed from what this desk set
// and from what the screen shows.
let chosenScene = (desk && desk.dataset.screenScene) || 'auto';
let judgedSeq = desk ? Number(desk.dataset.seq) : null;

export function setChosenScene(scene) {
  chosenScene = scene;
  if (desk) desk.dataset.screenScene = scene;
}

function followChosenScene(snapshot) {
  if (typeof snapshot.screen_scene === 'string') {
    setChosenScene(snapshot.screen_scene);
    return;
  }
  // Judge each snapshot once: a redraw of the one shown before a choice must not undo it.
  if (snapshot.seq === judgedSeq) return;
  judgedSeq = snapshot.seq;
  const shown = snapshot.scene;
  if (shown === 'title' || shown === 'showcase') {
    setChosenScene(shown);
  } else if (chosenScene === 'title' || chosenScene === 'showcase') {
    setChosenScene('auto'); // another desk switched back
  } else if (chosenScene.startsWith('ballot:')) {
    const pinned = chosenScene.slice('ballot:'.length);
    if (shown === 'sign_in' || !snapshot.ballot || String(snapshot.ballot.id) !== pinned) setChosenScene('auto');
  }
}

function renderScene(snapshot) {
  followChosenScene(snapshot);
  const chosen = chosenScene;
  document.querySelectorAll('#scene-buttons button[data-action]').forEach((button) => {
    const pressed = String(button.dataset.scene || button.dataset.action.slice('scene-'.length)) === chosen;
    if (button.getAttribute('aria-pressed') !== String(pressed)) button.setAttribute('aria-pressed', String(pressed));
  });
  const pinnedId = chosen.startsWith('ballot:') ? chosen.slice('ballot:'.length) : null;
  const pinned = pinnedId && (snapshot.ballots || []).find((ballot) => String(ballot.id) === pinnedId);
  const key = pinnedId ? 'ballot' : chosen;
  const note = document.getElementById('scene-note');
  setText(note, (SCENE_NOTES[key] || SCENE_NOTES.auto).replace('{}', pinned ? pinned.title : ''));
  setData(note, 'scene', key);
  const open = (snapshot.ballots || []).find((ballot) => ballot.state === 'open');
  const hidesVote = !!open && chosen !== 'auto' && chosen !== `ballot:${open.id}`;
  const warning = document.getElementById('scene-warning');
  if (warning) {
    warning.hidden = !hidesVote;
    setText(warning, `有投票正在进行，大屏却在显示${SCENE_NAMES[key] || '其他画面'}；点「自动跟随」才显示投票进度。`);
  }
  setText(document.getElementById('screen-preview-scene'), SCENE_BUTTON_NAMES[chosen] || '固定显示一项投票');
}

/** 实时监控 (open ballots) and 大屏显示此项 (every ballot past draft) under the turnout. */
function updateTools(card, ballot) {
  let tools = card.querySelector('.ballot-tools');
  if (!tools) {
    tools = h('div', { class: 'ballot-tools' });
    card.querySelector('.ballot-actions').before(tools);
  }
  const scene = `ballot:${ballot.id}`;
  const pinned = chosenScene === scene;
  const key = `${ballot.state}:${pinned}`;
  if (tools.dataset.key === key) return;
  tools.dataset.key = key;
  tools.hidden = ballot.state === 'draft';
  const monitor =
    ballot.state === 'open' &&
    h(
      'a',
      {
        class: 'btn btn-small monitor-link',
        'data-monitor-link': ballot.id,
        href: `${scriptRoot()}/admin/ballots/${encodeURIComponent(ballot.id)}/monitor`,
      },
      '实时监控',
    );
  const pin =
    ballot.state !== 'draft' &&
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-small btn-pin',
        'data-action': 'scene-ballot',
        'data-ballot-id': ballot.id,
        'data-scene': scene,
        'aria-pressed': String(pinned),
      },
      pinned ? '大屏正在显示此项' : '大屏显示此项',
    );
  tools.replaceChildren(...[monitor, pin].filter(Boolean));
}

function exportUrl(ballot, kind) {
  return `${scriptRoot()}/api/v1/admin/ballots/${encodeURIComponent(ballot.id)}/export.${kind}`;
}

/** 导出 CSV / 导出 Excel: plain links, the server answers them as downloads. */
function exportLinks(ballot) {
  const link = (kind, text, what) =>
    h(
      'a',
      {
        class: 'btn btn-small btn-export',
        'data-export': kind,
        'data-ballot-id': ballot.id,
        download: true,
        href: exportUrl(ballot, kind),
        title: `下载「${ballot.title}」的结果（${what}）`,
      },
      text,
    );
  return h('span', { class: 'export-links' }, link('csv', '导出 CSV', 'CSV'), link('xlsx', '导出 Excel', 'Excel 工作簿'));
}

function quorumText(roll) {
  const name = FRACTION_NAMES[roll.quorum_fraction] || roll.quorum_fraction;
  if (roll.quorum_met) return `已达法定人数（过${name}）`;
  const [top, bottom] = String(roll.quorum_fraction).split('/').map(Number);
  if (!bottom) return `未达法定人数（须过${name}）`;
  const needed = Math.floor((roll.expected * top) / bottom) + 1;
  return `未达法定人数（须过${name}，还差 ${needed - roll.present} 人）`;
}

function renderRoll(roll) {
  setText(document.getElementById('roll-expected'), String(roll.expected));
  setText(document.getElementById('roll-present'), String(roll.present));
  setText(document.getElementById('roll-on-leave'), String(roll.on_leave ?? 0));
  setText(document.getElementById('roll-absent'), String(roll.absent ?? roll.expected - roll.present));
  if (roll.line) setText(document.getElementById('roll-line'), roll.line);
  const quorum = document.getElementById('quorum');
  setText(quorum, quorumText(roll));
  setData(quorum, 'met', String(roll.quorum_met));

  const state = document.getElementById('sign-in-state');
  const notStarted = roll.sign_in_started === false;
  setText(state, roll.sign_in_open ? '签到进行中' : notStarted ? '签到尚未开始' : '签到已关闭');
  setData(state, 'open', String(roll.sign_in_open));

  const actions = document.getElementById('sign-in-actions');
  const wanted = roll.sign_in_open ? 'sign-in-close' : 'sign-in-open';
  const shown = actions.querySelector('button[data-action]');
  if (!shown || shown.dataset.action !== wanted) {
    actions.replaceChildren(
      roll.sign_in_open
        ? h('button', { type: 'button', class: 'btn btn-stop', 'data-action': 'sign-in-close' }, '结束签到')
        : h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'sign-in-open' }, '开始签到'),
    );
  }
}

/** Deputies on leave who signed in on their own phone: the leave was cleared, the desk is told. */
function renderLeaveCleared(deputies) {
  const note = document.getElementById('leave-cleared');
  if (!note) return;
  const names = (deputies || []).map((deputy) => deputy.name).join('、');
  note.hidden = !names;
  setText(note, names ? `${names}：请假后已用本人手机签到，请假已取消，计入实到。` : '');
}

function turnoutPercent(turnout) {
  if (!turnout.present) return 0;
  return Math.min(100, Math.floor((100 * turnout.voted) / turnout.present));
}

function buildCard(ballot) {
  return h(
    'article',
    { class: 'ballot', 'data-ballot-id': ballot.id },
    h('header', { class: 'ballot-head' }, h('h3', { class: 'ballot-title' }), h('span', { class: 'state-pill' })),
    h('p', { class: 'ballot-meta' }),
    h(
      'div',
      { class: 'ballot-turnout' },
      h('div', { class: 'turnout-row' }, h('span', { class: 'turnout' }), h('span', { class: 'turnout-pct' })),
      h(
        'div',
        { class: 'bar', role: 'progressbar', 'aria-label': '投票进度', 'aria-valuemin': 0, 'aria-valuemax': 100 },
        h('span', { class: 'bar-fill' }),
      ),
    ),
    h('div', { class: 'ballot-actions' }),
  );
}

function metaParts(ballot) {
  const size = ballot.kind === 'rating' ? [`测评 ${ballot.items} 个项目`] : [`应选 ${ballot.places} 项`, `候选 ${ballot.items} 项`];
  return [
    KIND_NAMES[ballot.kind] || ballot.kind,
    ...size,
    ballot.secret ? '无记名' : '记名',
    DISPLAY_NAMES[ballot.display] || ballot.display,
  ];
}

/** Each ballot's link to its list: completed projects (测评) or candidate projects (票决). */
function updateLinks(card, ballot) {
  const [kind, path, text] =
    ballot.kind === 'rating'
      ? ['projects-link', '/admin/projects', '查看/导入已完成项目']
      : ['candidates-link', '/admin/candidates', '查看/导入候选项目'];
  let links = card.querySelector('.ballot-links');
  if (links && links.querySelector(`.${kind}`)) return;
  if (links) links.remove();
  links = h('p', { class: 'ballot-links' }, h('a', { class: kind, href: `${scriptRoot()}${path}` }, text));
  card.querySelector('.ballot-meta').after(links);
}

function buildActions(ballot) {
  const id = ballot.id;
  if (ballot.state === 'draft') {
    return [
      h(
        'label',
        { class: 'countdown-field admin-only' },
        h('span', { class: 'field-label' }, '倒计时（分钟，可不填）'),
        h('input', {
          class: 'field-input field-minutes',
          type: 'number',
          name: 'countdown_minutes',
          min: '0.5',
          max: '1440',
          step: '0.5',
          inputmode: 'decimal',
          placeholder: '不限时',
          'data-ballot-id': id,
        }),
      ),
      h('span', { class: 'actions-hint', hidden: true }, '须先结束正在进行的投票'),
      h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'open', 'data-ballot-id': id }, '开始投票'),
    ];
  }
  if (ballot.state === 'open') {
    const countdown = ballot.closes_at
      ? h(
          'span',
          { class: 'countdown', 'data-closes-at': ballot.closes_at },
          '剩余 ',
          h('b', { class: 'countdown-time' }, '--:--'),
          ' 后自动结束',
        )
      : h('span', { class: 'countdown countdown-none' }, '未设倒计时，需手动结束');
    return [
      countdown,
      h('button', { type: 'button', class: 'btn btn-stop', 'data-action': 'close', 'data-ballot-id': id }, '结束投票'),
    ];
  }
  if (ballot.state === 'closed') {
    return [
      exportLinks(ballot),
      h('span', { class: 'actions-hint' }, ballot.display === 'live' ? '大屏已显示结果' : '公布后大屏显示结果'),
      h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'publish', 'data-ballot-id': id }, '公布结果'),
    ];
  }
  if (ballot.state === 'void') return [exportLinks(ballot), h('button', { type: 'button', class: 'btn btn-done', disabled: true }, '已作废')];
  return [exportLinks(ballot), h('button', { type: 'button', class: 'btn btn-done', disabled: true }, '已公布')];
}

function updateCard(card, ballot, otherOpen) {
  setText(card.querySelector('.ballot-title'), ballot.title);
  const pill = card.querySelector('.state-pill');
  setText(pill, STATE_NAMES[ballot.state] || ballot.state);
  setData(pill, 'state', ballot.state);

  const meta = card.querySelector('.ballot-meta');
  const parts = metaParts(ballot);
  if (meta.textContent !== parts.join('')) {
    const last = parts.length - 1;
    meta.replaceChildren(...parts.map((text, index) => h('span', index === last ? { class: 'ballot-display' } : {}, text)));
  }
  updateLinks(card, ballot);
  updateTools(card, ballot);

  const turnout = ballot.turnout;
  const percent = turnoutPercent(turnout);
  setText(card.querySelector('.turnout'), `已投 ${turnout.voted} / 实到 ${turnout.present}`);
  setText(card.querySelector('.turnout-pct'), `${percent}%`);
  const bar = card.querySelector('.bar');
  bar.setAttribute('aria-valuenow', String(percent));
  bar.firstElementChild.style.width = `${percent}%`;

  const closesAt = ballot.closes_at ? String(ballot.closes_at) : '';
  if (card.dataset.ballotState !== ballot.state || card.dataset.closesAt !== closesAt) {
    card.querySelector('.ballot-actions').replaceChildren(...buildActions(ballot));
    card.dataset.ballotState = ballot.state;
    card.dataset.closesAt = closesAt;
  }
  if (ballot.state === 'draft') {
    const start = card.querySelector('button[data-action="open"]');
    if (start) {
      start.disabled = otherOpen;
      if (otherOpen) start.title = '已有一项投票正在进行，请先结束它';
      else start.removeAttribute('title');
    }
    const hint = card.querySelector('.actions-hint');
    if (hint) hint.hidden = !otherOpen;
  }
}

function renderBallots(ballots) {
  const box = document.getElementById('ballots');
  if (!ballots.length) {
    if (!box.querySelector('.empty')) box.replaceChildren(h('p', { class: 'empty' }, '本次会议还没有投票。'));
    return;
  }
  box.querySelectorAll(':scope > .empty').forEach((element) => element.remove());
  const cards = new Map();
  box.querySelectorAll(':scope > .ballot').forEach((card) => cards.set(card.dataset.ballotId, card));
  const anyOpen = ballots.some((ballot) => ballot.state === 'open');

  let previous = null;
  for (const ballot of ballots) {
    const key = String(ballot.id);
    const card = cards.get(key) || buildCard(ballot);
    cards.delete(key);
    updateCard(card, ballot, anyOpen && ballot.state !== 'open');
    const slot = previous ? previous.nextElementSibling : box.firstElementChild;
    if (card !== slot) box.insertBefore(card, slot);
    previous = card;
  }
  cards.forEach((stale) => stale.remove());
}

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
  const full = ballot.form === 'yes_no_abstain';
  const num = (text) => h('th', { class: 'col-num', scope: 'col' }, text);
  const head = h(
    'tr',
    {},
    h('th', { class: 'col-rank', scope: 'col' }, '名次'),
    h('th', { scope: 'col' }, '候选项目'),
    num('赞成'),
    full && num('反对'),
    full && num('弃权'),
    h('th', { class: 'col-outcome', scope: 'col' }, '结果'),
  );
  const rows = result.rows.map((row) =>
    h(
      'tr',
      { 'data-outcome': row.outcome },
      h('td', { class: 'col-rank' }, row.rank),
      h('td', {}, row.name),
      h('td', { class: 'col-num' }, row.yes),
      full && h('td', { class: 'col-num' }, row.no),
      full && h('td', { class: 'col-num' }, row.abstain),
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

function renderPreview(snapshot) {
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
  const isRating = result.kind === 'rating' || ballot.kind === 'rating';
  box.replaceChildren(
    h('div', { class: 'preview-head' }, h('h3', { class: 'preview-title' }, ballot.title), tag, finished && exportLinks(ballot)),
    ...(isRating ? ratingPreview(snapshot, ballot, result) : voteResultPreview(ballot, result)),
  );
}

/** Refresh every running countdown; `offset` is server clock minus this machine's clock. */
export function tickCountdowns(offset) {
  const now = Date.now() + offset;
  document.querySelectorAll('.countdown[data-closes-at]').forEach((element) => {
    const left = (Number(element.dataset.closesAt) - now) / 1000;
    if (left > 0) {
      const time = element.querySelector('.countdown-time');
      if (time) setText(time, formatSeconds(left));
      else element.replaceChildren('剩余 ', h('b', { class: 'countdown-time' }, formatSeconds(left)), ' 后自动结束');
    } else {
      setText(element, '时间到，正在自动结束…');
    }
  });
}

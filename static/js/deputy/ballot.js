/** The ballot form (approve up to K, or 赞成/反对/弃权 per item) and its confirmation view. */

import { WORDS, kindOf } from '../words.js';
import { h, replace } from './dom.js';
import { addProvenance } from './provenance.js';
import { renderRatingConfirm, renderRatingForm } from './rating.js';

export const MARK_TEXT = WORDS.marks;
const MARKS = Object.keys(WORDS.marks);
const SHORT_SUMMARY = 36; // characters shown inline; longer summaries fold away

// Rows whose 项目简介 the deputy opened, by ballot and item, so a redraw keeps them open.
const opened = {};

export function itemsInOrder(ballot) {
  return (ballot.items || []).slice().sort((a, b) => a.position - b.position);
}

function capOf(ballot) {
  return typeof ballot.places === 'number' ? ballot.places : Infinity;
}

function countMark(marks, mark) {
  return Object.keys(marks).filter((id) => marks[id] === mark).length;
}

/**
 * The sheet as POST /ballots/<id>/sheets wants it, by the ballot's kind (static/js/words.js):
 * the ids ticked when the kind has one mark, else the mark per item. `marks` maps item id → mark.
 */
export function toSheet(ballot, marks) {
  const kind = kindOf(ballot);
  const items = itemsInOrder(ballot);
  if (kind.phone_marks.length === 1) {
    return { [kind.sheet_key]: items.filter((item) => marks[item.id] === kind.phone_marks[0]).map((item) => item.id) };
  }
  const given = {};
  items.forEach((item) => {
    if (kind.phone_marks.includes(marks[item.id])) given[String(item.id)] = marks[item.id];
  });
  return { [kind.sheet_key]: given };
}

function budgetText(budget) {
  if (budget === null || budget === undefined || budget === '') return null;
  return '预算 ' + Number(budget).toLocaleString('zh-CN') + ' 万元';
}

function itemInfo(item) {
  const budget = budgetText(item.budget);
  return [
    h('span', { class: 'item-no' }, String(item.position)),
    h(
      'span',
      { class: 'item-body' },
      h('span', { class: 'item-name' }, item.name),
      // One line where it fits, so three projects show on a 360 × 740 phone's first screen.
      item.lead_department || budget
        ? h('span', { class: 'item-meta' }, [item.lead_department, budget].filter(Boolean).join(' · '))
        : null,
    ),
  ];
}

/**
 * A 赞成/反对/弃权 row's folded part: 牵头单位 · 预算, 来源 and the summary behind one real button
 * (aria-expanded), so three rows with their buttons fit a 360 × 740 phone's first screen.
 */
function foldedInfo(ballot, item) {
  const budget = budgetText(item.budget);
  const meta = [item.lead_department, budget].filter(Boolean).join(' · ');
  if (!meta && !item.summary && !item.provenance) return [null, null];
  const key = ballot.id + ':' + item.id;
  const panelId = 'item-details-' + item.id;
  const panel = h(
    'div',
    { class: 'item-details', id: panelId },
    meta ? h('p', { class: 'item-meta' }, meta) : null,
    item.provenance ? h('p', { class: 'item-source' }, item.provenance) : null, // 来源：…
    item.summary ? h('p', { class: 'item-summary' }, item.summary) : null,
  );
  const toggle = h('button', { type: 'button', class: 'item-fold', 'aria-controls': panelId, 'data-item-id': item.id }, '项目简介');
  const paint = () => {
    toggle.setAttribute('aria-expanded', opened[key] ? 'true' : 'false');
    panel.hidden = !opened[key];
  };
  toggle.addEventListener('click', () => {
    opened[key] = !opened[key];
    paint();
  });
  paint();
  return [toggle, panel];
}

function summaryBlock(item) {
  if (!item.summary) return null;
  if (item.summary.length <= SHORT_SUMMARY) return h('p', { class: 'item-summary' }, item.summary);
  return h(
    'details',
    { class: 'item-more' },
    h('summary', null, '项目简介'),
    h('p', { class: 'item-summary' }, item.summary),
  );
}

/** '已选 7/10', or for 赞成/反对/弃权 the three counts, each kept on one line. */
function countParts(ballot, marks) {
  const cap = capOf(ballot);
  const yes = countMark(marks, 'yes');
  const capText = cap === Infinity ? '' : '/' + cap;
  if (kindOf(ballot).phone_layout === 'list') return ['已选 ' + yes + capText];
  const unmarked = (ballot.items || []).length - Object.keys(marks).length;
  const abstain = countMark(marks, 'abstain') + unmarked;
  return ['赞成 ' + yes + capText, '反对 ' + countMark(marks, 'no'), '弃权 ' + abstain];
}

/**
 * The form. It updates itself in place as the deputy taps (so scrolling and open summaries
 * stay put) and reports each change through onChange(marks).
 */
export function renderForm(ballot, marks, { onChange, onSubmit }) {
  const layout = kindOf(ballot).phone_layout;
  if (layout === 'cards') return renderRatingForm(ballot, marks, { onChange, onSubmit });
  const approve = layout === 'list';
  const cap = capOf(ballot);
  const count = h('p', { id: 'ballot-count', class: 'bar-count', 'aria-live': 'polite' });
  const limit = h('p', { id: 'ballot-limit', class: 'bar-limit', 'aria-live': 'assertive' });
  const painters = [];
  let section = null;

  function paintCount() {
    const parts = countParts(ballot, marks).map((text) => h('span', { class: 'bar-part' }, text));
    replace(count, parts.map((part, index) => (index ? [' · ', part] : part)));
    count.setAttribute('data-selected', countMark(marks, 'yes'));
  }

  function fullText() {
    return '已选满 ' + cap + ' 项，如需改选请先取消一项';
  }

  /** At K chosen the rest grey out and the message stays, until a choice is taken back. */
  function paintFull() {
    const full = cap !== Infinity && countMark(marks, 'yes') >= cap;
    section.classList.toggle('is-full', full);
    section.querySelectorAll(approve ? '.item-toggle' : '.mark-yes').forEach((button) => {
      const free = full && button.getAttribute('aria-pressed') !== 'true';
      if (free) button.setAttribute('aria-disabled', 'true');
      else button.removeAttribute('aria-disabled');
    });
    limit.textContent = full ? fullText() : '';
  }

  function refuse() {
    limit.textContent = fullText();
    if (navigator.vibrate) navigator.vibrate(80);
  }

  function setMark(item, mark, paint) {
    const next = marks[item.id] === mark ? null : mark; // tapping the chosen mark clears it
    if (next === 'yes' && countMark(marks, 'yes') >= cap) {
      refuse();
      return;
    }
    if (next) marks[item.id] = next;
    else delete marks[item.id];
    paint();
    paintCount();
    paintFull();
    onChange(marks);
  }

  function approveRow(item) {
    const mark = h('span', { class: 'item-mark', 'aria-hidden': 'true' });
    const button = h('button', { type: 'button', class: 'item-toggle', 'data-item-id': item.id }, itemInfo(item), mark);
    const row = h('li', { class: 'item', 'data-item-id': item.id }, button, summaryBlock(item));
    const paint = () => {
      const chosen = marks[item.id] === 'yes';
      button.setAttribute('aria-pressed', chosen ? 'true' : 'false');
      mark.textContent = chosen ? '☑ 赞成' : '☐ 赞成';
      row.classList.toggle('is-chosen', chosen);
    };
    button.addEventListener('click', () => setMark(item, 'yes', paint));
    painters.push(paint);
    return row;
  }

  function marksRow(item) {
    const note = h('span', { class: 'item-note' });
    const buttons = MARKS.map((mark) =>
      h('button', { type: 'button', class: 'mark mark-' + mark, 'data-mark': mark, 'data-item-id': item.id }),
    );
    const paint = () => {
      buttons.forEach((button, index) => {
        const chosen = marks[item.id] === MARKS[index];
        button.setAttribute('aria-pressed', chosen ? 'true' : 'false');
        button.textContent = (chosen ? '✓ ' : '') + MARK_TEXT[MARKS[index]];
      });
      note.textContent = marks[item.id] ? '' : '未标记，计为弃权';
    };
    buttons.forEach((button, index) => button.addEventListener('click', () => setMark(item, MARKS[index], paint)));
    painters.push(paint);
    const label = item.position + ' ' + item.name;
    const [toggle, panel] = foldedInfo(ballot, item);
    // Compact: the name, the three buttons in one row, then 项目简介 and the note side by side.
    return h(
      'li',
      { class: 'item item-marks', 'data-item-id': item.id },
      h('div', { class: 'item-head' }, h('span', { class: 'item-no' }, String(item.position)), h('span', { class: 'item-name' }, item.name)),
      h('div', { class: 'marks', role: 'group', 'aria-label': label }, buttons),
      h('div', { class: 'item-foot' }, toggle, note),
      panel,
    );
  }

  const items = itemsInOrder(ballot);
  const capText = cap === Infinity ? '' : '最多赞成 ' + cap + ' 项。';
  const rule = approve
    ? '共 ' + items.length + ' 个候选项目，最多选择 ' + cap + ' 项。点击项目即为“赞成”，再点一次取消。'
    : '请对每个项目选择“赞成”“反对”或“弃权”，未标记的计为弃权。' + capText;
  section = h(
    'section',
    { class: 'ballot ballot-' + layout, id: 'ballot-form', 'data-form': ballot.form, 'data-ballot-id': ballot.id, 'data-places': ballot.places },
    h('h2', { class: 'ballot-title', id: 'ballot-title', tabindex: '-1' }, ballot.title),
    h('p', { class: 'ballot-rule' }, rule),
    h('ol', { class: 'items', id: 'ballot-items' }, items.map(approve ? approveRow : marksRow)),
    h(
      'div',
      { class: 'bar', id: 'ballot-bar' },
      h('div', { class: 'bar-text' }, count, limit),
      h('button', { type: 'button', id: 'ballot-submit', class: 'btn btn-primary', onclick: onSubmit }, '提交'),
    ),
  );
  painters.forEach((paint) => paint());
  paintCount();
  paintFull();
  addProvenance(ballot, section);
  return section;
}

/** The confirmation: what will be sent, with 返回修改 and 确认提交. */
export function renderConfirm(ballot, marks, { onBack, onConfirm }) {
  const layout = kindOf(ballot).phone_layout;
  if (layout === 'cards') return renderRatingConfirm(ballot, marks, { onBack, onConfirm });
  const items = itemsInOrder(ballot);
  let lead;
  let rows;
  if (layout === 'list') {
    const chosen = items.filter((item) => marks[item.id] === 'yes');
    lead = chosen.length ? '您赞成以下 ' + chosen.length + ' 项：' : '您没有选择任何项目，提交后视为对所有候选项目均不赞成。';
    rows = chosen.map((item) =>
      h('li', { 'data-item-id': item.id, 'data-mark': 'yes' }, h('span', { class: 'item-no' }, String(item.position)), h('span', { class: 'confirm-name' }, item.name)),
    );
  } else {
    lead = '赞成 ' + countMark(marks, 'yes') + ' 项，反对 ' + countMark(marks, 'no') + ' 项，其余弃权：';
    rows = items.map((item) => {
      const mark = marks[item.id] || 'abstain';
      const text = MARK_TEXT[mark] + (marks[item.id] ? '' : '（未标记）');
      return h(
        'li',
        { 'data-item-id': item.id, 'data-mark': mark, class: 'confirm-' + mark },
        h('span', { class: 'item-no' }, String(item.position)),
        h('span', { class: 'confirm-name' }, item.name),
        h('strong', { class: 'confirm-mark' }, text),
      );
    });
  }
  const confirm = h('button', { type: 'button', id: 'confirm-submit', class: 'btn btn-primary' }, '确认提交');
  confirm.addEventListener('click', () => {
    confirm.disabled = true; // a double tap must not start two submissions
    onConfirm();
  });
  return h(
    'section',
    { class: 'ballot confirm', id: 'ballot-confirm', 'data-ballot-id': ballot.id },
    h('h2', { class: 'ballot-title', id: 'ballot-title', tabindex: '-1' }, '请确认您的选票'),
    h('p', { class: 'ballot-rule' }, ballot.title),
    h('p', { class: 'confirm-lead' }, lead),
    rows.length ? h('ol', { class: 'confirm-list', id: 'confirm-list' }, rows) : null,
    h('p', { class: 'note' }, '提交后不能更改。'),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', id: 'confirm-back', class: 'btn btn-secondary', onclick: onBack }, '返回修改'),
      confirm,
    ),
  );
}

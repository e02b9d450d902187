/**
 * The satisfaction rating (满意度测评): one card per completed project with 满意 / 基本满意 /
 * 不满意, and its confirmation view. An unrated project is left out of the sheet (弃权).
 * ballot.js hands ballots with form 'rating' to these functions.
 */

import { WORDS } from '../words.js';
import { h, replace } from './dom.js';
import { overviewParts, subprojectList } from './subprojects.js';

export const RATINGS = Object.keys(WORDS.grades);
export const RATING_TEXT = WORDS.grades;
const ABSTAIN_TEXT = WORDS.marks.abstain;
const RULE = '请对每个项目作出评价：满意、基本满意或不满意；未评价的计为弃权。';
const SECOND_TAP_MS = 700; // a double tap must not pass both steps of the all-unrated check

// Cards whose details the deputy opened, by ballot and project, so a redraw keeps them open.
const expanded = {};

function itemsInOrder(ballot) {
  return (ballot.items || []).slice().sort((a, b) => a.position - b.position);
}

/** Drop what a stored draft may hold that this ballot does not (old items, bad values). */
function clean(ballot, marks) {
  const known = {};
  (ballot.items || []).forEach((item) => {
    known[item.id] = true;
  });
  Object.keys(marks).forEach((id) => {
    if (!known[id] || RATINGS.indexOf(marks[id]) < 0) delete marks[id];
  });
  return marks;
}

function ratedCount(ballot, marks) {
  return itemsInOrder(ballot).filter((item) => RATINGS.indexOf(marks[item.id]) >= 0).length;
}

/** Parts kept whole where they fit; the separator sticks to the part before it, so no line starts with it. */
function joined(parts, className, separator) {
  const glue = separator || '\u00a0· ';
  return parts.map((text, index) => [h('span', { class: className }, text), index < parts.length - 1 ? glue : null]);
}

/**
 * What a card folds away, behind one real button (aria-expanded): the area, 牵头单位, the
 * summary, the sub-projects' overview and their list. Folded, a 360 × 740 phone shows three
 * projects with their buttons on its first screen.
 */
function detailsBlock(ballot, item) {
  const subs = item.subprojects || [];
  const parts = [
    item.area ? h('span', { class: 'area-tag' }, item.area) : null,
    item.lead_department ? h('p', { class: 'item-meta' }, '牵头单位：' + item.lead_department) : null,
    item.summary ? h('p', { class: 'item-summary' }, item.summary) : null,
    subs.length ? h('p', { class: 'subs-overview' }, joined(overviewParts(subs), 'rate-part')) : null,
    subs.length ? subprojectList(subs, 'subs-' + item.id, true) : null,
  ].filter(Boolean);
  if (!parts.length) return null;
  const key = ballot.id + ':' + item.id;
  const panelId = 'rate-details-' + item.id;
  const panel = h('div', { class: 'rate-details', id: panelId }, parts);
  const closed = subs.length ? '查看具体项目（' + subs.length + ' 项）' : '查看项目简介';
  const open = subs.length ? '收起具体项目' : '收起项目简介';
  const toggle = h('button', { type: 'button', class: 'subs-toggle', 'aria-controls': panelId, 'data-item-id': item.id });
  const paint = () => {
    const shown = !!expanded[key];
    toggle.setAttribute('aria-expanded', shown ? 'true' : 'false');
    toggle.textContent = shown ? open : closed;
    panel.hidden = !shown;
  };
  toggle.addEventListener('click', () => {
    expanded[key] = !expanded[key];
    paint();
  });
  paint();
  return [toggle, panel];
}

/** The rating form; it updates itself in place as the deputy taps and reports onChange(marks). */
export function renderRatingForm(ballot, marks, { onChange, onSubmit }) {
  clean(ballot, marks);
  const items = itemsInOrder(ballot);
  const count = h('p', { id: 'ballot-count', class: 'bar-count', 'aria-live': 'polite' });
  const painters = [];

  function paintCount() {
    const rated = ratedCount(ballot, marks);
    replace(count, h('span', { class: 'bar-part' }, '已评 ' + rated + '/' + items.length));
    count.setAttribute('data-selected', rated);
  }

  function card(item) {
    const nameId = 'rate-name-' + item.id;
    const note = h('p', { class: 'item-note rate-note' });
    const buttons = RATINGS.map((rating) =>
      h('button', {
        type: 'button',
        class: 'rate rate-' + rating,
        'data-item-id': item.id,
        'data-rating': rating,
        'aria-label': RATING_TEXT[rating] + '：' + item.name,
      }),
    );
    const li = h(
      'li',
      { class: 'item rate-card', id: 'rate-item-' + item.id, 'data-item-id': item.id },
      // Compact: the name, the three buttons in one row, then what folds away.
      h(
        'div',
        { class: 'item-head' },
        h('span', { class: 'item-no' }, String(item.position)),
        h('h3', { class: 'item-name', id: nameId }, item.name),
      ),
      h('div', { class: 'rates', role: 'group', 'aria-labelledby': nameId }, buttons),
      note,
      detailsBlock(ballot, item),
    );
    const paint = () => {
      const chosen = marks[item.id] || null;
      buttons.forEach((button, index) => {
        const pressed = chosen === RATINGS[index];
        button.setAttribute('aria-pressed', pressed ? 'true' : 'false');
        replace(
          button,
          pressed ? h('span', { class: 'rate-check', 'aria-hidden': 'true' }, '✓') : null,
          h('span', { class: 'rate-text' }, RATING_TEXT[RATINGS[index]]),
        );
      });
      li.setAttribute('data-rating', chosen || '');
      li.classList.toggle('is-rated', !!chosen);
      note.textContent = chosen ? '' : '未评价，计为弃权';
    };
    buttons.forEach((button, index) =>
      button.addEventListener('click', () => {
        const rating = RATINGS[index];
        if (marks[item.id] === rating) delete marks[item.id]; // tapping the chosen one clears it
        else marks[item.id] = rating;
        paint();
        paintCount();
        onChange(marks);
      }),
    );
    painters.push(paint);
    return li;
  }

  const subCount = items.reduce((sum, item) => sum + (item.subprojects || []).length, 0);
  const section = h(
    'section',
    { class: 'ballot ballot-rating', id: 'ballot-form', 'data-form': ballot.form, 'data-ballot-id': ballot.id, 'data-places': ballot.places },
    h('h2', { class: 'ballot-title', id: 'ballot-title', tabindex: '-1' }, ballot.title),
    h('p', { class: 'ballot-rule', id: 'ballot-rule' }, RULE),
    h('p', { class: 'note rate-scope' }, '共 ' + items.length + ' 个项目' + (subCount ? '，含 ' + subCount + ' 个具体项目' : '') + '。'),
    h('ol', { class: 'items', id: 'ballot-items' }, items.map(card)),
    h(
      'div',
      { class: 'bar', id: 'ballot-bar' },
      h('div', { class: 'bar-text' }, count),
      h('button', { type: 'button', id: 'ballot-submit', class: 'btn btn-primary', onclick: onSubmit }, '提交'),
    ),
  );
  painters.forEach((paint) => paint());
  paintCount();
  return section;
}

function itemLabel(item) {
  return item.position + ' ' + item.name;
}

/** The confirmation: each project with its rating, the unrated ones named as 弃权. */
export function renderRatingConfirm(ballot, marks, { onBack, onConfirm }) {
  clean(ballot, marks);
  const items = itemsInOrder(ballot);
  const unrated = items.filter((item) => !marks[item.id]);
  const noneRated = unrated.length === items.length;
  const tally = RATINGS.map((rating) => RATING_TEXT[rating] + ' ' + items.filter((item) => marks[item.id] === rating).length + ' 项');
  tally.push(ABSTAIN_TEXT + ' ' + unrated.length + ' 项');

  const rows = items.map((item) => {
    const rating = marks[item.id] || null;
    return h(
      'li',
      { 'data-item-id': item.id, 'data-mark': rating || 'abstain', class: 'confirm-' + (rating || 'abstain') },
      h('span', { class: 'item-no' }, String(item.position)),
      h('span', { class: 'confirm-name' }, item.name),
      h('strong', { class: 'confirm-mark' }, rating ? RATING_TEXT[rating] : ABSTAIN_TEXT),
    );
  });

  let warning = null;
  if (noneRated) {
    warning = '您没有评价任何项目，提交后全部 ' + items.length + ' 个项目均计为弃权。';
  } else if (unrated.length) {
    warning = [
      '以下 ' + unrated.length + ' 个项目未评价，将计为弃权：',
      h('span', { class: 'unrated-names' }, joined(unrated.map(itemLabel), 'unrated-name', '、')),
    ];
  }

  const again = h('p', { class: 'error', id: 'confirm-again', role: 'alert', hidden: true });
  const confirm = h('button', { type: 'button', id: 'confirm-submit', class: 'btn btn-primary', 'data-step': 'first' }, '确认提交');
  let armedAt = 0;
  confirm.addEventListener('click', () => {
    if (noneRated && !armedAt) {
      // Nothing rated: ask once more, plainly, before a sheet of all 弃权 goes in.
      armedAt = Date.now();
      again.hidden = false;
      again.textContent = '确定不评价任何项目吗？全部 ' + items.length + ' 个项目将计为弃权，提交后不能更改。如确定，请再点一次“确定全部弃权并提交”。';
      confirm.textContent = '确定全部弃权并提交';
      confirm.setAttribute('data-step', 'again');
      return;
    }
    if (noneRated && Date.now() - armedAt < SECOND_TAP_MS) return;
    confirm.disabled = true; // a double tap must not start two submissions
    onConfirm();
  });

  return h(
    'section',
    { class: 'ballot confirm confirm-rating', id: 'ballot-confirm', 'data-ballot-id': ballot.id, 'data-all-unrated': noneRated ? 'true' : 'false' },
    h('h2', { class: 'ballot-title', id: 'ballot-title', tabindex: '-1' }, '请确认您的评价'),
    h('p', { class: 'ballot-rule' }, ballot.title),
    h('p', { class: 'confirm-lead' }, joined(tally, 'rate-part')),
    warning ? h('p', { class: 'error confirm-unrated', id: 'confirm-unrated' }, warning) : null,
    h('ol', { class: 'confirm-list', id: 'confirm-list' }, rows),
    h('p', { class: 'note' }, '提交后不能更改。'),
    again,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', id: 'confirm-back', class: 'btn btn-secondary', onclick: onBack }, '返回修改'),
      confirm,
    ),
  );
}

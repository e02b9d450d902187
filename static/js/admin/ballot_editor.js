/**
 * The ballot editor: a new draft, or a draft's settings — which candidates or projects stand
 * on it and in what order, the form, K, the screen's display, secret or named, sign-in, a preset
 * countdown and two-person paper entry. An opened ballot is frozen: the server says so.
 */

import { KINDS, WORDS, kindOf } from '../words.js';
import { openDialog } from './dialog.js';
import { h, request } from './http.js';

const DISPLAYS = [
  ['turnout', `${WORDS.displays.turnout}（结束后公布结果）`],
  ['live', WORDS.displays.live],
  ['hidden', `${WORDS.displays.hidden}（公布后才显示）`],
];
/** The forms a ballot of `ballotKind` may take, as the desk chooses them. */
function formsOf(ballotKind) {
  return Object.entries(KINDS)
    .filter(([, kind]) => kind.ballot_kind === ballotKind)
    .map(([form, kind]) => [form, `${kind.name}：${kind.instruction.replace('{places}', 'K')}`]);
}

function select(name, options, value) {
  return h(
    'select',
    { class: 'field-input', name },
    options.map(([key, label]) => h('option', { value: key, selected: key === value }, label)),
  );
}

function field(label, control, hint) {
  return h('label', { class: 'life-field' }, h('span', { class: 'field-label' }, label), control, hint && h('small', {}, hint));
}

function check(name, label, checked) {
  return h('label', { class: 'life-check' }, h('input', { type: 'checkbox', name, checked }), ' ', label);
}

/** The ordered item list: a checkbox to include, arrows to move. */
function itemList(choices, chosenIds) {
  const chosen = chosenIds.map((id) => choices.find((choice) => choice.id === id)).filter(Boolean);
  const rest = choices.filter((choice) => !chosenIds.includes(choice.id));
  const list = h('ol', { class: 'life-items' });
  const row = (choice, included) => {
    const up = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `上移「${choice.name}」` }, '↑');
    const down = h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `下移「${choice.name}」` }, '↓');
    const li = h(
      'li',
      { 'data-item-id': choice.id },
      h('label', {}, h('input', { type: 'checkbox', checked: included }), ' ', choice.name),
      h('span', { class: 'life-move' }, up, down),
    );
    up.addEventListener('click', () => li.previousElementSibling && li.previousElementSibling.before(li));
    down.addEventListener('click', () => li.nextElementSibling && li.nextElementSibling.after(li));
    return li;
  };
  list.append(...chosen.map((choice) => row(choice, true)), ...rest.map((choice) => row(choice, false)));
  return list;
}

function chosenItems(list) {
  return [...list.querySelectorAll('li')]
    .filter((li) => li.querySelector('input').checked)
    .map((li) => Number(li.dataset.itemId));
}

/**
 * Open the editor. `ballotId` null creates a draft of `kind` ('project_vote' or 'rating').
 * `onSaved(view)` runs after the server accepted it.
 */
export async function openEditor({ ballotId = null, kind = 'project_vote', onSaved } = {}) {
  const creating = ballotId === null;
  const box = openDialog(creating ? `新建${WORDS.kinds[kind]}` : '投票设置', 'life-editor');
  box.body.append(h('p', { class: 'empty' }, '正在读取…'));
  const [choices, current] = await Promise.all([
    request('GET', '/api/v1/admin/ballot-items'),
    creating ? Promise.resolve(null) : request('GET', `/api/v1/admin/ballots/${ballotId}`),
  ]);
  if (!choices.ok || (current && !current.ok)) {
    box.body.replaceChildren();
    box.message((choices.ok ? current : choices).message);
    return;
  }
  const draft = current ? current.data : null;
  const ballotKind = draft ? draft.kind : kind;
  const facets = kindOf(draft || { kind });
  const forms = formsOf(ballotKind);
  const pool = choices.data[facets.items_from];
  const chosenIds = draft ? draft.items.map((item) => item.id) : pool.map((item) => item.id);
  if (draft && !draft.editable) {
    box.message(`该投票已开始或结束，设置已锁定，不能再修改。`);
  }

  const form = h('form', { class: 'life-form' });
  const title = h('input', { class: 'field-input', name: 'title', maxlength: 200, value: draft ? draft.title : '' });
  const list = itemList(pool, chosenIds);
  const places = h('input', { class: 'field-input', type: 'number', name: 'places', min: 1, value: draft ? draft.places : Math.min(10, pool.length) });
  const minutes = h('input', {
    class: 'field-input',
    type: 'number',
    name: 'countdown',
    min: 0.5,
    max: 1440,
    step: 0.5,
    placeholder: '不限时',
    value: draft && draft.countdown_seconds ? draft.countdown_seconds / 60 : '',
  });
  const revote = draft && draft.parent_id;
  form.append(
    field('名称', title, creating ? '留空则用默认名称' : null),
    forms.length > 1 ? field('票式', select('form', forms, draft ? draft.form : forms[0][0])) : null,
    !facets.has_places || revote ? null : field('应选名额 K', places),
    h(
      'fieldset',
      { class: 'life-fieldset', disabled: Boolean(revote) },
      h('legend', {}, facets.items_from === 'projects' ? '测评的项目（勾选并排序）' : '候选项目（勾选并排序）'),
      revote ? h('p', { class: 'note note-warn' }, '重新票决的候选项目和名额由上一轮并列结果决定。') : null,
      pool.length ? list : h('p', { class: 'empty' }, '尚未导入项目。'),
    ),
    field('大屏显示', select('display', DISPLAYS, draft ? draft.display : 'turnout')),
    field('预设倒计时（分钟）', minutes, '开始投票时自动启用；开始时填写的倒计时优先'),
    check('secret', '无记名投票（不勾选为记名投票）', draft ? draft.secret : true),
    check('require_sign_in', '须先签到才能投票', draft ? draft.require_sign_in : true),
    check('paper_two_person', '纸质选票须两人录入一致才计入', draft ? draft.paper_two_person : false),
    h('div', { class: 'life-form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, creating ? '创建草稿' : '保存设置')),
  );
  box.body.replaceChildren(form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      display: form.elements.display.value,
      secret: form.elements.secret.checked,
      require_sign_in: form.elements.require_sign_in.checked,
      paper_two_person: form.elements.paper_two_person.checked,
    };
    if (title.value.trim()) body.title = title.value.trim();
    if (form.elements.form) body.form = form.elements.form.value;
    if (!revote) {
      body.items = chosenItems(list);
      if (facets.has_places) body.places = Number(places.value);
    }
    const text = minutes.value.trim();
    body.countdown_seconds = text === '' ? null : Math.round(Number(text) * 60);
    if (creating) body.kind = ballotKind;
    const path = creating ? '/api/v1/admin/ballots' : `/api/v1/admin/ballots/${ballotId}/settings`;
    const answer = await request('POST', path, body);
    if (!answer.ok) {
      box.message(answer.message);
      return;
    }
    box.close();
    if (onSaved) onSaved(answer.data);
  });
}

/**
 * Paper fallback at the desk: mark who votes on paper (their phone is then barred), and after
 * the close type in the anonymous paper sheets — or confirm a colleague's entry by typing the
 * same sheet again, without seeing it. Nothing here links a sheet to a deputy.
 */

import { WORDS, kindOf } from '../words.js';
import { openDialog } from './dialog.js';
import { h, request } from './http.js';
import { actWord } from './words.js';

const MARK_WORDS = { ...WORDS.marks, ...WORDS.grades };
// A kind without 弃权 among its marks leaves an unmarked item out of the sheet (弃权（未评）).
const LEFT_OUT = ['', `${WORDS.marks.abstain}（未评）`];

function base(ballotId) {
  return `/api/v1/admin/ballots/${encodeURIComponent(ballotId)}`;
}

function button(text, attrs, onClick) {
  const element = h('button', { type: 'button', class: 'btn btn-small', ...attrs }, text);
  element.addEventListener('click', onClick);
  return element;
}

/** The form for one sheet, laid out like the paper: a mark per item, and 废票. */
function sheetForm(ballot) {
  const kind = kindOf(ballot);
  const marks = kind.paper_marks;
  const unmarked = marks.includes('abstain') ? 'abstain' : '';
  const options = [...(unmarked ? [] : [LEFT_OUT]), ...marks.map((mark) => [mark, MARK_WORDS[mark]])];
  const rows = ballot.items.map((item) => {
    const control =
      marks.length === 1
        ? h('input', { type: 'checkbox', 'data-item': item.id, 'aria-label': `${MARK_WORDS[marks[0]]}「${item.name}」` })
        : h('select', { class: 'field-input', 'data-item': item.id }, options.map(([v, l]) => h('option', { value: v, selected: v === unmarked }, l)));
    return h('li', {}, h('label', { class: 'paper-item' }, h('span', {}, `${item.position}. ${item.name}`), control));
  });
  const invalid = h('input', { type: 'checkbox', name: 'invalid' });
  const form = h(
    'form',
    { class: 'paper-sheet' },
    h('ol', { class: 'paper-items' }, rows),
    h('label', { class: 'life-check' }, invalid, ' 废票（无法辨认或未按规定填写）'),
  );
  form.read = () => {
    if (invalid.checked) return { invalid: true };
    const controls = [...form.querySelectorAll('[data-item]')];
    if (marks.length === 1) {
      return { sheet: { [kind.sheet_key]: controls.filter((c) => c.checked).map((c) => Number(c.dataset.item)) } };
    }
    const given = {};
    controls.forEach((c) => { if (c.value) given[c.dataset.item] = c.value; });
    return { sheet: { [kind.sheet_key]: given } };
  };
  return form;
}

/** Open the paper dialog for one ballot; `isAdmin` shows the actions only the admin may take. */
export async function openPaper(ballotId, { isAdmin = true } = {}) {
  const box = openDialog('纸质选票', 'life-paper');
  const [ballotAnswer] = await Promise.all([request('GET', base(ballotId))]);
  if (!ballotAnswer.ok) {
    box.message(ballotAnswer.message);
    return;
  }
  const ballot = ballotAnswer.data;
  const actName = actWord(ballot); // a rating is 测评, never 投票
  let confirming = null; // the waiting entry a second user is typing again

  async function reload() {
    const answer = await request('GET', `${base(ballotId)}/paper`);
    if (!answer.ok) {
      box.message(answer.message);
      return;
    }
    draw(answer.data);
  }

  async function act(path, body, done) {
    const answer = await request('POST', `${base(ballotId)}${path}`, body);
    if (!answer.ok) {
      box.message(answer.message);
      return;
    }
    box.message(done || '', 'ok');
    await reload();
  }

  function votersSection(status) {
    const search = h('input', { class: 'field-input', type: 'search', placeholder: '姓名或座位号', 'aria-label': '查找代表' });
    const found = h('ul', { class: 'paper-found' });
    const find = async () => {
      const answer = await request('GET', `${base(ballotId)}/paper/deputies?q=${encodeURIComponent(search.value)}`);
      if (!answer.ok) return box.message(answer.message);
      found.replaceChildren(
        ...answer.data.deputies.map((d) => {
          const via = d.voted_via === 'paper' ? `已登记纸质${actName}` : d.voted_via ? `已用手机${actName}` : null;
          const add = button(`登记纸质${actName}`, { class: 'btn btn-small admin-only', disabled: Boolean(via) || !status.can_mark }, () =>
            act('/paper/voters', { deputy_id: d.deputy_id }, `已登记：${d.name}领取纸质选票，其手机不能再${actName}。`),
          );
          return h('li', {}, `${d.name}（${d.delegation} ${d.seat}）`, ' ', via ? h('small', {}, via) : add);
        }),
      );
      if (!answer.data.deputies.length) found.replaceChildren(h('li', { class: 'empty' }, '没有找到。'));
    };
    search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); find(); }
    });
    const voters = status.voters.map((v) =>
      h(
        'li',
        {},
        `${v.name}（${v.delegation} ${v.seat}）`,
        ' ',
        isAdmin && status.can_mark
          ? button('撤销', { class: 'btn btn-small admin-only' }, () => act(`/paper/voters/${v.deputy_id}/remove`, {}, `已撤销${v.name}的纸质${actName}登记。`))
          : null,
      ),
    );
    return h(
      'section',
      { class: 'paper-section' },
      h('h3', {}, `领取纸质选票的代表（${status.voters.length} 人）`),
      status.can_mark
        ? h('div', { class: 'paper-search admin-only' }, search, button('查找', { class: 'btn btn-small' }, find))
        : h('p', { class: 'empty' }, `${actName}开始前或进行中登记；结束后不能再增减。`),
      found,
      h('ul', { class: 'paper-voters' }, voters.length ? voters : h('li', { class: 'empty' }, '尚无。')),
    );
  }

  function sheetsSection(status) {
    const counts = status.sheets;
    const summary = h(
      'p',
      { class: 'paper-summary', id: 'paper-summary' },
      `已录入 ${counts.entered} 张（有效 ${counts.valid}，无效 ${counts.invalid}）；待复核 ${status.pending.length} 张；尚可录入 ${status.remaining} 张。`,
    );
    if (!status.can_enter) {
      return h('section', { class: 'paper-section' }, h('h3', {}, '纸质选票录入'), summary, h('p', { class: 'empty' }, `${actName}结束后、公布结果前录入纸质选票。`));
    }
    if (status.remaining <= 0 && !confirming) {
      const done = status.pending.length ? '所有纸质选票均已录入，请复核待确认的录入。' : '纸质选票已全部录入。';
      return h('section', { class: 'paper-section' }, h('h3', {}, '纸质选票录入'), summary, pendingList(status), h('p', { class: 'note note-warn' }, done));
    }
    const form = sheetForm(ballot);
    const heading = confirming
      ? `复核第 ${confirming.id} 号录入（录入人：${confirming.entered_by}）：请对照纸质选票重新录入`
      : status.two_person ? '录入一张纸质选票（须另一位工作人员复核一致后计入）' : '录入一张纸质选票';
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, confirming ? '复核确认' : '录入');
    form.append(h('div', { class: 'life-form-actions' }, submit, confirming ? button('取消复核', {}, () => { confirming = null; reload(); }) : null));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (confirming) {
        const entry = confirming;
        confirming = null;
        act(`/paper/entries/${entry.id}/confirm`, form.read(), '两次录入一致，已计入票箱。');
      } else {
        act('/paper/sheets', form.read(), status.two_person ? '已暂存，等待另一位工作人员复核。' : '已计入票箱。');
      }
    });
    return h(
      'section',
      { class: 'paper-section' },
      h('h3', {}, '纸质选票录入'),
      summary,
      pendingList(status),
      h('h4', {}, heading),
      form,
    );
  }

  function pendingList(status) {
    if (!status.pending.length) return null;
    const pending = status.pending.map((entry) =>
      h(
        'li',
        {},
        `第 ${entry.id} 号（录入人：${entry.entered_by}）`,
        ' ',
        button('复核', {}, () => { confirming = entry; reload(); }),
        ' ',
        isAdmin ? button('删除', { class: 'btn btn-small admin-only' }, () => act(`/paper/entries/${entry.id}/discard`, {}, '已删除该条录入。')) : null,
      ),
    );
    return h('ul', { class: 'paper-pending' }, pending);
  }

  function draw(status) {
    box.body.replaceChildren(
      h('p', { class: 'paper-ballot' }, ballot.title),
      votersSection(status),
      sheetsSection(status),
      h('p', { class: 'table-note' }, '纸质选票不与任何代表关联；录入的张数不能多于领取纸质选票的代表人数。'),
    );
  }

  await reload();
}

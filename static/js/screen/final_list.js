// After a re-vote: every project the rounds chose, all K of them, each marked with its round
// (第一轮 / 第二轮 …), paged like the result chart when it does not fit.

import { h, setText } from './dom.js';
import { createPager } from './pager.js';
import { MIN_FONT_REM } from './result.js';

const NUMERALS = '一二三四五六七八九十';
const ROW_REM = 6.4;

export function roundName(index) {
  return `第${NUMERALS[index] ?? index + 1}轮`;
}

/** createFinalList() → {el, update(final), layout(), destroy()}. */
export function createFinalList() {
  const list = h('ol', { class: 'final-rows', id: 'final-rows' });
  const head = h(
    'div',
    { class: 'final-head', 'aria-hidden': 'true' },
    h('span', { class: 'final-rank' }, '序号'),
    h('span', { class: 'final-name' }, '年度民生实事项目'),
    h('span', { class: 'final-round' }, '票决轮次'),
  );
  const el = h('div', { class: 'final-list', id: 'final-list', hidden: true }, head, list);
  const pager = createPager(el, list, { id: 'final-pager' });
  el.append(pager.el);

  function update(final) {
    el.hidden = !final;
    if (!final) return;
    const rounds = final.rounds ?? [];
    list.replaceChildren(
      ...(final.chosen ?? []).map((entry, index) => {
        const round = Math.max(0, rounds.indexOf(entry.ballot_id));
        return h(
          'li',
          { class: 'final-row', dataset: { candidateId: String(entry.candidate_id), round: String(round + 1) } },
          h('span', { class: 'final-rank' }, index + 1),
          ' ',
          h('span', { class: 'final-name' }, entry.name),
          ' ',
          h('span', { class: 'final-round' }, roundName(round)),
          ' ',
          h('span', { class: 'outcome' }, '✓ 入选'),
        );
      }),
    );
    setText(head.querySelector('.final-round'), '票决轮次');
    layout();
  }

  function layout() {
    if (el.hidden) return;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 10;
    pager.layout(Math.max(ROW_REM, MIN_FONT_REM / 0.7) * rem);
  }

  return { el, update, layout, destroy: pager.destroy };
}

/** On the phone after a sheet or a close: 核对我的选票已计入 in one tap, and the published result. */

import { WORDS, kindOf } from '../words.js';
import { request } from './api.js';
import { h } from './dom.js';

const GRADES = WORDS.grades;

/** One button that asks the public receipt check about this phone's own receipt. */
export function verifyButton(code) {
  const answer = h('p', { class: 'verify-answer', id: 'verify-answer', role: 'status' });
  const button = h('button', { type: 'button', class: 'btn btn-secondary btn-verify', id: 'verify-receipt' }, '核对我的选票已计入');
  button.addEventListener('click', async () => {
    button.disabled = true;
    answer.textContent = '正在核对…';
    const result = await request('GET', '/api/v1/receipts/' + encodeURIComponent(code));
    button.disabled = false;
    answer.setAttribute('data-included', result.ok ? String(result.data.included) : '');
    if (!result.ok) answer.textContent = result.transient ? '网络不稳定，请稍后再点一次。' : result.message;
    else if (result.data.included) answer.textContent = '✓ 已核对：您的选票在计票箱中，已计入。';
    else answer.textContent = '没有找到这张选票，请联系秘书处核对。';
  });
  return h('div', { class: 'verify' }, button, answer);
}

function resultBody(data) {
  if (kindOf(data).report === 'rating') {
    return [
      h('p', { class: 'lead' }, '测评结果'),
      h('ol', { class: 'phone-result-list' }, data.rows.map((row) => h('li', null, row.name + '：' + (GRADES[row.grade] || WORDS.ungraded)))),
    ];
  }
  if (!data.valid) return h('p', { class: 'lead' }, '本次票决无效。');
  const rounds = data.rounds > 1 ? '（经 ' + data.rounds + ' 轮票决）' : '';
  return [
    h('p', { class: 'lead' }, '确定 ' + data.chosen.length + ' 个年度民生实事项目' + rounds + '：'),
    h('ol', { class: 'phone-result-list' }, data.chosen.map((name) => h('li', null, name + ' · 入选'))),
  ];
}

/** The published result, as it came with the ballot's state (no request: 3,000 phones would
 * ask at the same moment); the big screen shows the same. */
export function publishedResult(ballot) {
  const body = ballot.result ? resultBody(ballot.result) : h('p', { class: 'muted' }, '结果已公布，请看大屏。');
  return h('section', { class: 'phone-result', id: 'phone-result', 'aria-live': 'polite' }, body);
}

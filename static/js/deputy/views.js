/** The page's plain views: header, sign-in, and every ballot state that is not the form. */

import { kindOf } from '../words.js';
import { publishedResult, verifyButton } from './after_close.js';
import { h } from './dom.js';

function heading(text) {
  return h('h2', { class: 'view-title', id: 'view-title', tabindex: '-1' }, text);
}

export function boot(message) {
  return h('p', { id: 'boot', class: 'boot', role: 'status' }, message || '正在加载…');
}

/** A full-page message when the card cannot be used (no cookie, revoked card, another phone). */
export function fatal(info) {
  return h(
    'section',
    { class: 'notice', id: 'fatal', 'data-code': info.code },
    h('h1', { id: 'fatal-heading', tabindex: '-1' }, info.heading),
    h('p', { id: 'fatal-message' }, info.message),
    info.hint ? h('p', { class: 'hint' }, info.hint) : null,
    info.link
      ? h('p', {}, h('a', { class: 'btn btn-secondary', id: 'fatal-link', href: info.link.href }, info.link.text))
      : null,
  );
}

export function header(meeting, deputy) {
  const parts = [
    ['deputy-delegation', deputy.delegation],
    ['deputy-seat', deputy.seat],
  ].filter((part) => part[1]);
  return [
    h(
      'h1',
      { class: 'meeting' },
      h('span', { id: 'meeting-name' }, meeting.name),
      meeting.demo ? h('span', { class: 'badge', id: 'demo-badge' }, '示例数据') : null,
      meeting.rehearsal ? h('span', { class: 'badge badge-rehearsal', id: 'rehearsal-badge' }, '演练') : null,
    ),
    // 演练: a dry run; its sign-ins and votes are wiped afterwards.
    meeting.rehearsal
      ? h('p', { class: 'rehearsal-note', id: 'rehearsal-banner', role: 'note' }, '演练模式：本次签到和投票只用于演练，演练结束后清除。')
      : null,
    // Name, delegation and seat on one line: the first screen is for the ballot. The separator
    // sticks to the part before it, so a line never starts with "·".
    h(
      'p',
      { class: 'who' },
      h('strong', { id: 'deputy-name' }, deputy.name),
      h(
        'span',
        { class: 'who-place' },
        parts.map((part) => ['\u00a0· ', h('span', { class: 'who-part', id: part[0] }, part[1])]),
      ),
    ),
  ];
}

export function connection(online) {
  return online ? '在线' : '网络已断开，正在重新连接…';
}

/** The 签到 area: a big button while sign-in is open and the deputy has not signed in. */
export function signIn({ signedIn, open, busy, error }, onSignIn) {
  if (signedIn) return h('p', { class: 'signed', id: 'signed-in' }, '✓ 已签到');
  if (!open) return h('p', { class: 'muted', id: 'sign-in-closed' }, '签到尚未开放，请留意会场通知。');
  return [
    h(
      'button',
      { type: 'button', id: 'sign-in-button', class: 'btn btn-primary btn-big', disabled: busy, onclick: onSignIn },
      busy ? '正在签到…' : '签到',
    ),
    error ? h('p', { class: 'error', id: 'sign-in-error', role: 'alert' }, error) : null,
  ];
}

export function waiting() {
  return h(
    'section',
    { class: 'view view-waiting', id: 'view-waiting' },
    heading('投票尚未开始，请等候大会主持人宣布'),
    h('p', { class: 'muted' }, '开始后，本页会自动显示选票，无需刷新。'),
  );
}

const KEEP_NOTE = '请记下或截图保存回执码，可用于核对您的选票已计入。';

function receiptCode(code) {
  const groups = code.split('-').map((group, index, all) =>
    h('span', { class: 'receipt-group' }, group + (index < all.length - 1 ? '-' : '')),
  );
  return h('p', { class: 'receipt', id: 'receipt-code', 'data-receipt': code, translate: 'no' }, groups);
}

/** The receipt code in large type, broken only between its groups (while a sheet is on its way). */
export function receipt(code, note) {
  return h(
    'div',
    { class: 'receipt-box' },
    h('p', { class: 'receipt-label' }, '您的回执码'),
    receiptCode(code),
    h('p', { class: 'note' }, note || KEEP_NOTE),
  );
}

/** Once counted: one button checks it on this phone; the code stays one tap away. */
export function countedReceipt(code) {
  return h(
    'div',
    { class: 'receipt-box' },
    verifyButton(code),
    h(
      'details',
      { class: 'receipt-more' },
      h('summary', null, '查看回执码（可在其他设备上核对）'),
      receiptCode(code),
      h('p', { class: 'note' }, KEEP_NOTE),
    ),
  );
}

/** 测评 for a rating, 投票 for everything else (RULES.md "Words"). */
function act(ballot) {
  return kindOf(ballot).act;
}

export function counted(code, ballot) {
  return h(
    'section',
    { class: 'view view-counted', id: 'view-counted' },
    heading(act(ballot) === '测评' ? '测评已提交 · 已计入' : '投票成功 · 已计入'),
    code ? countedReceipt(code) : h('p', { class: 'muted' }, '您的选票已计入。'),
  );
}

export function sending(submission, onRetryNow) {
  const retrying = submission.status === 'retrying';
  return h(
    'section',
    { class: 'view view-sending', id: 'view-sending', 'data-status': submission.status, 'aria-live': 'polite' },
    heading(retrying ? '网络不稳定，正在重试…' : '正在提交…'),
    h('p', null, '同一张选票只会计入一次，不会重复计票。请不要关闭本页面。'),
    retrying
      ? h('button', { type: 'button', id: 'retry-now', class: 'btn btn-secondary', onclick: onRetryNow }, '立即重试')
      : null,
    receipt(submission.receipt, '每次重试都使用这个回执码。'),
  );
}

export function alreadyVoted() {
  return h(
    'section',
    { class: 'view view-already', id: 'view-already-voted' },
    heading('您已投过票'),
    h('p', null, '本次投票已收到您的选票（可能是在另一台设备上提交的），不能再次投票。'),
    h('p', { class: 'muted' }, '如有疑问，请联系秘书处。'),
  );
}

export function onPaper() {
  return h(
    'section',
    { class: 'view view-already', id: 'view-paper' },
    heading('您使用纸质选票'),
    h('p', null, '秘书处已登记您本次使用纸质选票投票，手机上不能再投票。'),
    h('p', { class: 'muted' }, '如有疑问，请联系秘书处。'),
  );
}

export function failed(message, onBack) {
  return h(
    'section',
    { class: 'view view-failed', id: 'view-failed' },
    heading('提交未成功'),
    h('p', { class: 'error', id: 'failed-message', role: 'alert' }, message),
    h('p', { class: 'muted' }, '这张选票没有计入。您可以返回修改后重新提交。'),
    h('button', { type: 'button', id: 'failed-back', class: 'btn btn-secondary', onclick: onBack }, '返回选票'),
  );
}

export function needSignIn(ballot, signInOpen, notice) {
  return h(
    'section',
    { class: 'view view-need-sign-in', id: 'view-need-sign-in' },
    heading(ballot.title),
    notice ? h('p', { class: 'error', role: 'alert' }, notice) : null,
    h('p', null, signInOpen ? '本次投票需要先签到。请点击上方“签到”按钮。' : '本次投票需要先签到，但签到尚未开放。请到秘书处办理。'),
  );
}

export function closed(ballot, { voted, code, undelivered }) {
  return h(
    'section',
    { class: 'view view-closed', id: 'view-closed', 'data-state': ballot.state },
    heading(act(ballot) + '已结束'),
    h('p', { class: 'muted' }, ballot.title),
    ballot.state === 'published' ? h('p', { class: 'lead', id: 'published' }, '结果已公布') : null,
    ballot.state === 'published' ? publishedResult(ballot) : null,
    voted ? h('p', { id: 'closed-counted' }, '✓ 您的选票已计入。') : null,
    !voted && !undelivered && ballot.state !== 'void'
      ? h('p', { class: 'lead', id: 'closed-absent' }, '您未参加本次' + act(ballot) + '。')
      : null,
    voted && code ? countedReceipt(code) : null,
    undelivered
      ? h('p', { class: 'error', id: 'closed-undelivered' }, '您的选票未能在投票结束前送达，没有计入。如有疑问请联系秘书处。')
      : null,
  );
}

/** '剩余 4:05'; the clock is the server's, so a phone set wrong still counts down right. */
export function countdownText(msLeft) {
  if (msLeft <= 0) return '投票即将截止';
  const total = Math.ceil(msLeft / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  const clock = hours ? hours + ':' + String(minutes).padStart(2, '0') + ':' + seconds : minutes + ':' + seconds;
  return '剩余时间 ' + clock;
}

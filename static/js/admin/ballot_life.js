/**
 * A row of tools under each ballot card on the dashboard: edit a draft, extend a countdown,
 * void with a reason, paper sheets, a re-vote on a tie, and the result sheet / PDF. Follows
 * the snapshots dashboard.js shows (the `desk:snapshot` event) and never touches its buttons.
 */

import { kindOf } from '../words.js';
import { openEditor } from './ballot_editor.js';
import { showAlert } from './dialog.js';
import { h, request, scriptRoot } from './http.js';
import { openPaper } from './paper.js';

const desk = document.getElementById('desk');
const isAdmin = document.body.dataset.role !== 'scrutineer';
const RESULT_REFRESH_MS = 3000;

let snapshot = JSON.parse(document.getElementById('desk-snapshot').textContent);
// Per closed project vote: what its result (or final result) says about a tie.
const ties = new Map();

function tool(name, text, ballot, attrs = {}) {
  return h('button', { type: 'button', class: 'btn btn-small', 'data-tool': name, 'data-ballot-id': ballot.id, ...attrs }, text);
}

function link(text, path, attrs = {}) {
  return h('a', { class: 'btn btn-small', href: `${scriptRoot()}${path}`, ...attrs }, text);
}

function minutes(seconds) {
  return seconds % 60 ? `${(seconds / 60).toFixed(1)} 分钟` : `${seconds / 60} 分钟`;
}

function notes(ballot) {
  const lines = [];
  if (ballot.state === 'void') lines.push(h('span', { class: 'life-void' }, `已作废：${ballot.void_reason || ''}`));
  if (ballot.parent_id) {
    const parent = (snapshot.ballots || []).find((b) => b.id === ballot.parent_id);
    lines.push(h('span', {}, `重新票决：上一轮「${parent ? parent.title : ballot.parent_id}」的并列项目`));
  }
  if (ballot.state === 'draft' && ballot.countdown_seconds) lines.push(h('span', {}, `预设倒计时 ${minutes(ballot.countdown_seconds)}`));
  const tie = ties.get(ballot.id);
  if (tie && tie.open) lines.push(h('span', { class: 'life-tie' }, `${tie.count} 个项目并列，剩余 ${tie.places} 个名额待重新票决`));
  return lines;
}

function tools(ballot) {
  const id = encodeURIComponent(ballot.id);
  const admin = { class: 'btn btn-small admin-only' };
  const sheet = [link('计票结果报告单', `/admin/ballots/${id}/sheet`, { target: '_blank', rel: 'noopener' }), link('报告单 PDF', `/admin/ballots/${id}/sheet.pdf`, { target: '_blank', rel: 'noopener' })];
  const paper = tool('paper', '纸质选票', ballot);
  const voidButton = tool('void', '作废', ballot, admin);
  const tie = ties.get(ballot.id);
  const revote = tie && tie.open ? tool('revote', '发起重新票决', ballot, { class: 'btn btn-small btn-stop admin-only' }) : null;
  switch (ballot.state) {
    case 'draft':
      return [tool('edit', '编辑设置', ballot, admin), paper, voidButton];
    case 'open':
      return [tool('extend', '延长时间', ballot, admin), paper, voidButton];
    case 'closed':
      return [revote, paper, ...sheet, voidButton];
    case 'published':
      return [revote, ...sheet, voidButton];
    default:
      return sheet;
  }
}

function fingerprint(ballot) {
  const tie = ties.get(ballot.id);
  return JSON.stringify([ballot.state, ballot.void_reason, ballot.countdown_seconds, ballot.parent_id, tie && tie.open, tie && tie.count]);
}

function drawRow(card, ballot) {
  let row = card.querySelector(':scope > .ballot-life');
  if (!row) {
    row = h('div', { class: 'ballot-life' });
    card.append(row);
  }
  const print = fingerprint(ballot);
  if (row.dataset.print === print) return;
  row.dataset.print = print;
  row.replaceChildren(h('p', { class: 'life-notes' }, notes(ballot)), h('div', { class: 'life-tools' }, tools(ballot)));
}

/** Ask for the result of a finished project vote, at most every few seconds, to spot a tie. */
async function checkTie(ballot) {
  const known = ties.get(ballot.id);
  if (known && (known.busy || Date.now() - known.at < RESULT_REFRESH_MS)) return;
  const asked = { ...(known || {}), busy: true, at: Date.now() };
  ties.set(ballot.id, asked);
  const answer = await request('GET', `/api/v1/admin/ballots/${encodeURIComponent(ballot.id)}/result`);
  // A re-vote made meanwhile dropped this entry: the answer predates it and would bring the
  // 发起重新票决 button back.
  if (ties.get(ballot.id) !== asked) return;
  if (!answer.ok) {
    ties.set(ballot.id, { at: Date.now() });
    return;
  }
  const final = answer.data.final;
  const standing = final || answer.data;
  const open = standing.tied_ids.length > 0 && standing.places_left > 0 && !(final && final.pending_id);
  ties.set(ballot.id, { at: Date.now(), open, count: standing.tied_ids.length, places: standing.places_left });
  refresh();
}

function refresh() {
  for (const ballot of snapshot.ballots || []) {
    const card = desk.querySelector(`.ballot[data-ballot-id="${ballot.id}"]`);
    if (!card) continue;
    drawRow(card, ballot);
    const finished = ballot.state === 'closed' || ballot.state === 'published';
    if (finished && kindOf(ballot).revotes) checkTie(ballot);
  }
}

/** The buttons to create a draft, in the 投票 panel's head (admin only). */
function addCreateButtons() {
  const head = document.getElementById('ballots-title');
  if (!head || !isAdmin) return;
  const group = h(
    'span',
    { class: 'life-create admin-only' },
    h('button', { type: 'button', class: 'btn btn-small', 'data-tool': 'new-project_vote' }, '＋ 新建票决'),
    h('button', { type: 'button', class: 'btn btn-small', 'data-tool': 'new-rating' }, '＋ 新建测评'),
  );
  head.parentElement.append(group);
}

async function post(ballot, action, body) {
  const answer = await request('POST', `/api/v1/admin/ballots/${encodeURIComponent(ballot.id)}/${action}`, body);
  if (!answer.ok) showAlert(answer.message);
  return answer;
}

async function runTool(name, ballot) {
  if (name === 'edit') return openEditor({ ballotId: ballot.id });
  if (name === 'paper') return openPaper(ballot.id, { isAdmin });
  if (name === 'extend') {
    const text = window.prompt(`为「${ballot.title}」延长多少分钟？`, '2');
    if (text === null) return null;
    const seconds = Math.round(Number(text) * 60);
    if (!Number.isFinite(seconds) || seconds < 10) return showAlert('请填写要延长的分钟数，例如 2 或 0.5。');
    return post(ballot, 'extend', { seconds });
  }
  if (name === 'void') {
    const reason = window.prompt(`作废「${ballot.title}」\n\n请填写作废原因（将记入审计日志并印在报告单上）：`);
    if (reason === null) return null;
    if (!reason.trim()) return showAlert('请填写作废原因。');
    if (!window.confirm(`确定作废「${ballot.title}」？\n原因：${reason}\n\n作废后该投票不产生结果，票箱中的选票保留备查。`)) return null;
    return post(ballot, 'void', { reason });
  }
  if (name === 'revote') {
    const tie = ties.get(ballot.id);
    const text = `确定发起重新票决？\n\n「${ballot.title}」中 ${tie.count} 个项目并列，争夺剩余 ${tie.places} 个名额。\n将创建一项草稿投票，只含并列项目；核对后再点「开始投票」。`;
    if (!window.confirm(text)) return null;
    const answer = await post(ballot, 'revote', {});
    if (answer.ok) ties.delete(ballot.id);
    return answer;
  }
  return null;
}

desk.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-tool]');
  if (!button || button.disabled) return;
  const name = button.dataset.tool;
  if (name.startsWith('new-')) {
    openEditor({ kind: name.slice('new-'.length) });
    return;
  }
  const ballot = (snapshot.ballots || []).find((b) => String(b.id) === button.dataset.ballotId);
  if (ballot) runTool(name, ballot);
});

document.addEventListener('desk:snapshot', (event) => {
  snapshot = event.detail;
  refresh();
});

addCreateButtons();
refresh();

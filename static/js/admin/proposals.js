/** The desk's proposals page: statistics, the queue with filters and pages, one proposal's
 * actions (department, answer, hide, contact), merging and making candidates. */

import { h, request } from './http.js';
import { barChart } from './proposals_charts.js';
import { loadProvenance, loadRound, watchRound } from './proposals_round.js';

const message = document.getElementById('desk-message');
const picked = new Set();
let page = 1;
let pages = 1;
let shown = null; // the proposal in the detail panel

function say(text) {
  message.textContent = text || '';
}

function query() {
  const fields = new FormData(document.getElementById('filters'));
  const params = new URLSearchParams();
  fields.forEach((value, key) => value && params.set(key, value));
  params.set('page', String(page));
  params.set('per_page', '20');
  return params.toString();
}

function queueRow(proposal) {
  const box = h('input', { type: 'checkbox', class: 'pick', 'aria-label': '勾选 ' + proposal.title, checked: picked.has(proposal.id) });
  box.addEventListener('click', (event) => event.stopPropagation());
  box.addEventListener('change', () => {
    if (box.checked) picked.add(proposal.id);
    else picked.delete(proposal.id);
    document.getElementById('picked-count').textContent = String(picked.size);
  });
  const source = proposal.source === 'deputy' ? proposal.channel_text + '·' + proposal.deputy + (proposal.station ? '·' + proposal.station : '') : proposal.source_text;
  const row = h(
    'tr',
    { 'data-id': proposal.id },
    h('td', null, box),
    h('td', null, '#' + proposal.id + ' ' + proposal.title),
    h('td', null, proposal.area),
    h('td', null, source),
    h('td', { class: 'num' }, String(proposal.supports)),
    h('td', { class: 'state' }, proposal.state_text + (proposal.answer_text ? '·' + proposal.answer_text : '')),
    h('td', null, proposal.department),
    h('td', null, proposal.candidate_id ? '已生成' : ''),
  );
  row.addEventListener('click', () => openDetail(proposal.id));
  return row;
}

async function loadQueue() {
  const result = await request('GET', '/api/v1/admin/proposals?' + query());
  if (!result.ok) return say(result.message);
  const data = result.data;
  pages = Math.max(1, Math.ceil(data.total / data.per_page));
  page = data.page;
  document.getElementById('queue-rows').replaceChildren(...data.proposals.map(queueRow));
  document.getElementById('page-text').textContent = `第 ${page} / ${pages} 页，共 ${data.total} 条`;
}

async function loadStats() {
  const result = await request('GET', '/api/v1/admin/proposals/stats');
  if (!result.ok) return;
  const stats = result.data;
  document.getElementById('stats-total').textContent = `共 ${stats.total} 条建议，附议 ${stats.supports} 次`;
  document.getElementById('charts').replaceChildren(
    barChart('按领域', stats.by_area, 'chart-area'),
    barChart('按渠道', stats.by_channel, 'chart-channel'),
    barChart('按日期', stats.by_day, 'chart-day'),
  );
}

function field(label, value) {
  return [h('dt', null, label), h('dd', null, value === null || value === undefined ? '' : String(value))];
}

async function openDetail(id) {
  const result = await request('GET', '/api/v1/admin/proposals/' + id);
  if (!result.ok) return say(result.message);
  const another = !shown || shown.id !== result.data.id; // keep what is being typed
  shown = result.data;
  document.getElementById('detail-panel').hidden = false;
  document.getElementById('d-title').textContent = '#' + shown.id + ' ' + shown.title;
  const merged = shown.merged_from.length ? '合并自 ' + shown.merged_from.length + ' 条：' + shown.merged_from.map((p) => '#' + p.id).join('、') : '';
  document.getElementById('d-fields').replaceChildren(
    ...field('查询码', shown.code),
    ...field('来源', shown.source_text + ' · ' + shown.channel_text + (shown.station ? ' · ' + shown.station : '')),
    ...field('建议内容', shown.body),
    ...field('理由', shown.reason),
    ...field('建议人', [shown.proposer_name, shown.proposer_phone].filter(Boolean).join(' ')),
    ...field('附议', shown.supports + ' 人'),
    ...field('状态', shown.state_text + (shown.hidden_reason ? '：' + shown.hidden_reason : '')),
    ...field('合并', merged),
    ...field('答复', shown.answer_text + (shown.answer_reason ? '：' + shown.answer_reason : '')),
  );
  if (another) {
    document.getElementById('d-department').value = shown.department;
    document.getElementById('d-answer-reason').value = shown.answer_reason;
  }
}

async function act(path, body, done) {
  const result = await request('POST', path, body);
  if (result.ok) {
    await Promise.all([loadQueue(), loadStats(), loadProvenance()]);
    if (shown) await openDetail(shown.id);
  }
  say(result.ok ? done : result.message); // once the page shows what changed
  return result;
}

function on(id, handler) {
  document.getElementById(id).addEventListener('click', handler);
}

function watchDetail() {
  const base = () => '/api/v1/admin/proposals/' + shown.id;
  on('d-assign', () => act(base() + '/department', { department: document.getElementById('d-department').value }, '承办部门已保存'));
  on('d-answer-save', () =>
    act(base() + '/answer', { answer: document.getElementById('d-answer').value, reason: document.getElementById('d-answer-reason').value }, '答复已保存'),
  );
  on('d-hide', () => act(base() + '/hide', { reason: document.getElementById('d-hide-reason').value }, '已设为不公开'));
  on('d-contact', async () => {
    const result = await request('GET', base() + '/contact');
    say(result.ok ? `联系电话：${result.data.name} ${result.data.phone || '（未留）'}` : result.message);
  });
}

function clearPicked() {
  picked.clear();
  document.getElementById('picked-count').textContent = '0';
  document.querySelectorAll('#queue-rows input.pick').forEach((box) => {
    box.checked = false;
  });
}

function watchBulk() {
  on('merge', async () => {
    const target = Number(document.getElementById('merge-target').value);
    const sources = [...picked].filter((id) => id !== target);
    const result = await act('/api/v1/admin/proposals/merge', { target_id: target, source_ids: sources }, '已合并 ' + sources.length + ' 条');
    if (result.ok) clearPicked();
  });
  on('match', async () => {
    const candidate = document.getElementById('match-candidate').value;
    const result = await act('/api/v1/admin/candidates/' + candidate + '/proposals', { proposal_ids: [...picked] }, '已关联到候选项目');
    if (result.ok) clearPicked();
  });
  on('make-candidate', async () => {
    const value = (id) => document.getElementById(id).value;
    const body = { proposal_ids: [...picked], name: value('c-name'), lead_department: value('c-department'), budget: value('c-budget'), summary: value('c-summary') };
    const result = await act('/api/v1/admin/candidates/from-proposals', body, '已生成候选项目「' + body.name + '」');
    if (result.ok) clearPicked();
  });
}

document.getElementById('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  page = 1;
  loadQueue();
});
on('prev', () => page > 1 && (page -= 1, loadQueue()));
on('next', () => page < pages && (page += 1, loadQueue()));
watchRound(say);
watchDetail();
watchBulk();
loadRound(say).then(() => Promise.all([loadQueue(), loadStats(), loadProvenance()]));

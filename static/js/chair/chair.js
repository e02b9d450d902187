/** The chair's monitor: asks for its snapshot every two seconds and draws it; it changes nothing. */

import { h, replace } from '../shared/dom.js';
import { WORDS, kindOf } from '../words.js';

const POLL_MS = 2000;
const OUTCOMES = WORDS.outcomes;
const GRADES = WORDS.grades;

const main = document.getElementById('chair');
const key = main.dataset.key;
let shown = '';

function setText(id, text) {
  const element = document.getElementById(id);
  if (element.textContent !== text) element.textContent = text;
}

/** One column per mark the ballot's kind gives (`ballot.marks`, from the kinds registry). */
function voteTable(result, marks) {
  const full = marks.length > 1;
  const heads = ['名次', '项目', ...marks.map((mark) => WORDS.marks[mark]), '结果'];
  return h(
    'table',
    { class: 'chair-table', id: 'chair-result-table', 'data-marks': marks.join(' ') },
    h('thead', null, h('tr', null, heads.map((text) => h('th', { scope: 'col' }, text)))),
    h(
      'tbody',
      null,
      result.rows.map((row) =>
        h(
          'tr',
          { 'data-outcome': row.outcome },
          h('td', null, row.rank),
          h('td', null, row.name),
          marks.map((mark) => h('td', { class: full ? 'num mark-' + mark : 'num' }, row[mark])),
          h('td', null, h('span', { class: 'outcome', 'data-outcome': row.outcome }, OUTCOMES[row.outcome] || '')),
        ),
      ),
    ),
  );
}

function ratingTable(result) {
  return h(
    'table',
    { class: 'chair-table', id: 'chair-result-table' },
    h('thead', null, h('tr', null, ['序号', '项目', '满意率', '综合满意率', '等次'].map((text) => h('th', { scope: 'col' }, text)))),
    h(
      'tbody',
      null,
      result.rows.map((row) =>
        h(
          'tr',
          { 'data-grade': row.grade || '' },
          h('td', null, row.position),
          h('td', null, row.name),
          h('td', { class: 'num' }, `${row.satisfied_rate}%`),
          h('td', { class: 'num' }, `${row.combined_rate}%`),
          h('td', null, result.valid ? GRADES[row.grade] || '' : '未测评'),
        ),
      ),
    ),
  );
}

function render(snapshot) {
  const fingerprint = JSON.stringify([snapshot.meeting, snapshot.roll, snapshot.step, snapshot.ballot, snapshot.result, snapshot.script]);
  if (fingerprint === shown) return;
  shown = fingerprint;
  setText('chair-meeting', `${snapshot.meeting.name} · 主持人屏`);
  const ballot = snapshot.ballot;
  setText('chair-step', ballot ? `${snapshot.step_name}：${ballot.title}` : snapshot.step_name);
  main.dataset.step = snapshot.step;
  setText('chair-roll', snapshot.roll.line || '');
  const turnout = document.getElementById('chair-turnout');
  turnout.hidden = !ballot;
  if (ballot) {
    const done = kindOf(ballot).done;
    setText('chair-turnout', `${done} ${ballot.turnout.voted} / 实到 ${ballot.turnout.present}`);
  }
  replace(
    document.getElementById('chair-script'),
    snapshot.script.map((line) => h('p', { class: 'chair-line' }, line)),
  );
  const result = snapshot.result;
  document.getElementById('chair-result-panel').hidden = !result;
  if (result) {
    setText('chair-result-tag', snapshot.step === 'published' ? '已在大屏公布' : '尚未公布 · 大屏不显示，请宣读后由秘书处公布');
    replace(document.getElementById('chair-result'), kindOf(result).report === 'rating' ? ratingTable(result) : voteTable(result, ballot.marks));
  }
}

function connection(online) {
  const conn = document.getElementById('chair-conn');
  conn.dataset.online = String(online);
  setText('chair-conn', online ? '已连接' : '连接中断，正在重试…');
}

async function poll() {
  try {
    const response = await fetch(`api/v1/chair/snapshot?key=${encodeURIComponent(key)}`, { cache: 'no-store' });
    if (!response.ok) throw new Error(String(response.status));
    render(await response.json());
    connection(true);
    main.removeAttribute('aria-busy');
  } catch (error) {
    connection(false);
  }
  setTimeout(poll, POLL_MS);
}

poll();

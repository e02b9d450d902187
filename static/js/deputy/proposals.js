/** The deputy's proposals page: record a proposal collected at a station, and see one's own. */

import { request } from './api.js';

const form = document.getElementById('proposal-form');
const message = document.getElementById('proposal-message');
const list = document.getElementById('my-proposals');

function option(value, text) {
  const element = document.createElement('option');
  element.value = value;
  element.textContent = text;
  return element;
}

function outcomeText(proposal) {
  const parts = [proposal.state_text];
  if (proposal.answer_text) parts.push('答复：' + proposal.answer_text);
  if (proposal.candidate) {
    parts.push('候选项目：' + proposal.candidate.name);
    parts.push(proposal.candidate.published ? proposal.candidate.outcome : '尚未票决');
  }
  return parts.join(' · ');
}

function row(proposal) {
  const item = document.createElement('li');
  item.setAttribute('data-code', proposal.code);
  const title = document.createElement('strong');
  title.textContent = proposal.title;
  const where = document.createElement('span');
  where.className = 'what';
  where.textContent = proposal.channel_text + (proposal.station ? ' · ' + proposal.station : '') + ' · ' + proposal.constituents + ' 人反映 · ' + proposal.code;
  const state = document.createElement('span');
  state.className = 'what state';
  state.textContent = outcomeText(proposal);
  item.append(title, where, state);
  return item;
}

async function load() {
  const result = await request('GET', '/api/v1/me/proposals');
  if (!result.ok) {
    message.textContent = result.message || '无法加载，请稍后再试';
    return;
  }
  const data = result.data;
  document.getElementById('proposals-round').textContent = data.round.title + ' · ' + data.round.state_text;
  const channel = document.getElementById('p-channel');
  const area = document.getElementById('p-area');
  if (!channel.options.length) {
    Object.entries(data.channels).forEach(([value, text]) => channel.append(option(value, text)));
    data.round.areas.forEach((name) => area.append(option(name, name)));
  }
  form.hidden = false;
  list.replaceChildren(...data.proposals.map(row));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const fields = new FormData(form);
  const body = Object.fromEntries(fields.entries());
  body.constituents = Number(body.constituents);
  const button = document.getElementById('proposal-submit');
  button.disabled = true;
  const result = await request('POST', '/api/v1/me/proposals', body);
  button.disabled = false;
  if (!result.ok) {
    message.textContent = result.message || '记录失败，请稍后再试';
    return;
  }
  message.textContent = '已记录，查询码 ' + result.data.code;
  form.reset();
  await load();
});

load();

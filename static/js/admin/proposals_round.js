/** The proposals page's round settings and the candidates' provenance list. */

import { h, request } from './http.js';

const form = document.getElementById('round-form');

export async function loadRound(say) {
  const result = await request('GET', '/api/v1/admin/proposal-round');
  if (!result.ok) return say(result.message);
  const round = result.data;
  document.getElementById('round-title').value = round.title;
  document.getElementById('round-opens').value = round.opens_on || '';
  document.getElementById('round-closes').value = round.closes_on || '';
  document.getElementById('round-intro').value = round.introduction;
  document.getElementById('round-areas').value = round.areas.join('\n');
  document.getElementById('round-state').textContent = round.state_text;
  const area = document.getElementById('f-area');
  area.replaceChildren(h('option', { value: '' }, '全部领域'), ...round.areas.map((name) => h('option', { value: name }, name)));
  return round;
}

export function watchRound(say) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      title: document.getElementById('round-title').value,
      opens_on: document.getElementById('round-opens').value,
      closes_on: document.getElementById('round-closes').value,
      introduction: document.getElementById('round-intro').value,
      areas: document.getElementById('round-areas').value.split('\n').map((line) => line.trim()).filter(Boolean),
    };
    const result = await request('POST', '/api/v1/admin/proposal-round', body);
    say(result.ok ? '征集设置已保存' : result.message);
    if (result.ok) loadRound(say);
  });
}

export async function loadProvenance() {
  const result = await request('GET', '/api/v1/admin/candidates/provenance');
  if (!result.ok) return;
  const list = document.getElementById('provenance-list');
  const choice = document.getElementById('match-candidate');
  const chosen = choice.value;
  choice.replaceChildren(...result.data.candidates.map((c) => h('option', { value: c.id }, c.position + ' ' + c.name)));
  if (chosen) choice.value = chosen;
  list.replaceChildren(
    ...result.data.candidates.map((candidate) =>
      h('li', { 'data-candidate-id': candidate.id }, candidate.name, ' — ', candidate.provenance ? candidate.provenance.text : '来源：未关联建议'),
    ),
  );
}

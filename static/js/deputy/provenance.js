/** Where each candidate came from (来源：群众建议 N 条…), added under its name on the ballot. */

import { kindOf } from '../words.js';
import { request } from './api.js';

const known = new Map(); // ballot id -> {candidate id: text}, asked once per page

async function lines(ballotId) {
  if (!known.has(ballotId)) {
    const result = await request('GET', '/api/v1/ballots/' + ballotId + '/provenance');
    known.set(ballotId, result.ok ? result.data.provenance : {});
  }
  return known.get(ballotId);
}

/** Fill in the provenance lines of a project vote's sheet, once its answer arrives. */
export async function addProvenance(ballot, section) {
  if (kindOf(ballot).report !== 'project_vote') return; // candidates only, not rated projects
  const found = await lines(ballot.id);
  section.querySelectorAll('li[data-item-id]').forEach((row) => {
    const text = found[row.getAttribute('data-item-id')];
    const body = row.querySelector('.item-body');
    if (!text || !body || body.querySelector('.item-source')) return;
    const line = document.createElement('span');
    line.className = 'item-source';
    line.textContent = text;
    body.append(line);
  });
}

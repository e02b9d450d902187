/**
 * Where each candidate came from (来源：群众建议 N 条…), added under its name on the ballot.
 * The lines come with the ballot's items (`item.provenance`, in /api/v1/me and the `state`
 * push): the page sends no request for them, so 3,000 phones do not ask at the moment voting starts.
 */

/** Add the provenance lines the ballot's candidate items carry (a rating's items carry none). */
export function addProvenance(ballot, section) {
  const lines = new Map((ballot.items || []).map((item) => [String(item.id), item.provenance]));
  section.querySelectorAll('li[data-item-id]').forEach((row) => {
    const text = lines.get(row.getAttribute('data-item-id'));
    const body = row.querySelector('.item-body');
    if (!text || !body || body.querySelector('.item-source')) return;
    const line = document.createElement('span');
    line.className = 'item-source';
    line.textContent = text;
    body.append(line);
  });
}

/** The demo cards page: filter the deputies by delegation and by name or seat. */

const delegation = document.getElementById('filter-delegation');
const query = document.getElementById('filter-name');
const count = document.getElementById('filter-count');
const none = document.getElementById('cards-none');
const groups = Array.from(document.querySelectorAll('#cards-table tbody[data-group]'));

function applyFilter() {
  const group = delegation.value;
  const words = query.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const body of groups) {
    let inGroup = 0;
    if (!group || body.dataset.group === group) {
      for (const row of body.querySelectorAll('tr.card-row')) {
        const text = row.dataset.search.toLowerCase();
        const match = words.every((word) => text.includes(word));
        row.hidden = !match;
        if (match) inGroup += 1;
      }
    }
    body.hidden = inGroup === 0;
    shown += inGroup;
  }
  const total = groups.reduce((sum, body) => sum + body.querySelectorAll('tr.card-row').length, 0);
  count.textContent = shown === total ? `共 ${total} 人` : `显示 ${shown} / ${total} 人`;
  none.hidden = shown > 0;
}

delegation.addEventListener('change', applyFilter);
query.addEventListener('input', applyFilter);

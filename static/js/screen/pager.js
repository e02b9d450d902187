// Pages a list that does not fit at its smallest readable size (read at 30 m): the rows keep
// their order (入选 first), one page shows at a time and the pages turn every PAGE_MS.

import { fitRows, h, setText } from './dom.js';

const PAGE_MS = 8000;

/**
 * createPager(el, list) → {el: the "第 1 / 2 页" line, layout(minRowPx) → rows per page, destroy()}.
 * `el` gets data-page and data-pages; `onTurn` runs after each turn (to fit the new rows).
 */
export function createPager(owner, list, { id = null, onTurn = () => {} } = {}) {
  const line = h('p', { class: 'pager', id, hidden: true, 'aria-hidden': 'true' });
  let page = 0;
  let pages = 1;
  let perPage = Infinity;
  let timer = 0;

  function show() {
    [...list.children].forEach((li, index) => {
      li.hidden = Math.floor(index / perPage) !== page;
    });
    owner.dataset.page = String(page + 1);
    owner.dataset.pages = String(pages);
    line.hidden = pages < 2;
    setText(line, `第 ${page + 1} / ${pages} 页`);
  }

  function turn() {
    page = (page + 1) % pages;
    show();
    onTurn();
  }

  /** Rows per page for rows of at least `minRowPx` in the list's height. */
  function layout(minRowPx) {
    const count = list.children.length;
    const available = list.getBoundingClientRect().height;
    perPage = available > 0 ? Math.max(1, Math.floor(available / minRowPx)) : Math.max(count, 1);
    pages = Math.max(1, Math.ceil(count / perPage));
    if (page >= pages) page = 0;
    show();
    if (pages > 1 && !timer) timer = setInterval(turn, PAGE_MS);
    if (pages < 2 && timer) {
      clearInterval(timer);
      timer = 0;
    }
    return Math.min(perPage, Math.max(count, 1));
  }

  function destroy() {
    clearInterval(timer);
    timer = 0;
  }

  return { el: line, layout, destroy };
}

/**
 * A list whose rows are fitted to the height available (dom.js fitRows), never under
 * sizes.minFontRem: the rows that do not fit go to further pages. → {pager, layout()}.
 */
export function createPagedRows(owner, list, { id = null, sizes }) {
  let perPage;
  const fit = () => fitRows(owner, list, { ...sizes, count: perPage });
  const pager = createPager(owner, list, { id, onTurn: fit });
  function layout() {
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 10;
    perPage = pager.layout((sizes.minFontRem * rem) / sizes.fontShare);
    fit();
  }
  return { pager, layout };
}

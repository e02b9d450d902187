/** Bar charts drawn as SVG by Hall itself (no chart library, nothing from outside). */

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 22; // px per bar
const LABEL = 90; // px for the labels on the left
const WIDTH = 360;

function svg(tag, attrs, text) {
  const element = document.createElementNS(SVG, tag);
  Object.entries(attrs).forEach(([name, value]) => element.setAttribute(name, String(value)));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** One chart: a title and a bar per entry of `counts` ({label: n}), longest bar = the most. */
export function barChart(title, counts, id) {
  const entries = Object.entries(counts);
  const most = Math.max(1, ...entries.map(([, n]) => n));
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.id = id;
  const caption = document.createElement('h3');
  caption.textContent = title;
  const chart = svg('svg', {
    width: WIDTH,
    height: Math.max(ROW, entries.length * ROW),
    role: 'img',
    'aria-label': title,
  });
  entries.forEach(([label, count], index) => {
    const y = index * ROW;
    const width = Math.max(1, Math.round(((WIDTH - LABEL - 50) * count) / most));
    chart.append(
      svg('text', { x: LABEL - 6, y: y + 15, 'text-anchor': 'end' }, label || '（无）'),
      svg('rect', { class: 'bar', x: LABEL, y: y + 4, width, height: ROW - 8, 'data-label': label, 'data-count': count }),
      svg('text', { x: LABEL + width + 4, y: y + 15 }, String(count)),
    );
  });
  figure.append(caption, chart);
  return figure;
}

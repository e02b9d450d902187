// The 会标 scene (scene "title"): the meeting's name, large and centred, with its year, like
// the banner over the rostrum. Shown when the desk picks 会标, e.g. before the session opens.

import { h, setText } from './dom.js';

// Where a long name may wrap: after 人民代表大会 (or its 常务委员会), and before a bracket.
const BREAK_AFTER = /(人民代表大会(?:常务委员会)?|[，、·])/g;
const BREAK_BEFORE = /(?=[（(])/g;

/** The name as text with <wbr> where it may wrap; elsewhere the CSS keeps words whole. */
function nameNodes(name) {
  const marked = name.replace(BREAK_AFTER, '$1\u0000').replace(BREAK_BEFORE, '\u0000');
  const nodes = [];
  marked.split('\u0000').forEach((part, index) => {
    if (index > 0) nodes.push(document.createElement('wbr'));
    if (part) nodes.push(document.createTextNode(part));
  });
  return nodes;
}

const NAME_REM = 10; // 100 px at 1920×1080: one line holds about 17 characters
const NAME_MIN_REM = 5;

export class TitleView {
  constructor() {
    this.name = h('h2', { class: 'title-name', id: 'title-name' });
    this.year = h('p', { class: 'title-year', id: 'title-year' });
    this.el = h(
      'section',
      { class: 'scene scene-title', dataset: { sceneView: 'title' }, 'aria-labelledby': 'title-name' },
      h(
        'div',
        { class: 'title-frame' },
        this.name,
        h(
          'div',
          { class: 'title-rule', 'aria-hidden': 'true' },
          h('span', { class: 'title-rule-line' }),
          h('span', { class: 'title-rule-gem' }),
          h('span', { class: 'title-rule-line' }),
        ),
        this.year,
      ),
    );
  }

  update(snapshot) {
    const meeting = snapshot.meeting ?? {};
    const name = meeting.name || '人民代表大会会议';
    if (this.shownName !== name) {
      this.shownName = name;
      this.name.replaceChildren(...nameNodes(name));
      requestAnimationFrame(() => this.layout());
    }
    setText(this.year, meeting.year ? `${meeting.year} 年度` : '');
    this.year.hidden = !meeting.year;
  }

  /** A long name steps its size down until it fits the frame in at most three lines. */
  layout() {
    const frame = this.el.querySelector('.title-frame');
    if (!frame || !this.el.isConnected) return;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 10;
    let size = NAME_REM;
    this.name.style.fontSize = `${size}rem`;
    const fits = () => {
      const lines = this.name.scrollHeight / (size * rem * 1.3);
      return this.name.scrollWidth <= this.name.clientWidth + 1 && lines <= 3.2;
    };
    while (!fits() && size > NAME_MIN_REM) {
      size -= 0.5;
      this.name.style.fontSize = `${size}rem`;
    }
  }
}

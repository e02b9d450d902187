// Pieces the hall screen's scenes share: the ballot's note, the turnout figure and meter,
// the roll line, and a plain message scene.

import { kindOf } from '../words.js';
import { animateNumber, h, percent, setText, toCount } from './dom.js';

export function ballotNote(ballot) {
  if (!ballot) return '';
  const places = toCount(ballot.places);
  const kind = kindOf(ballot);
  if (kind.has_places && !places) return '';
  return kind.instruction.replace('{places}', places);
}

/** "已投 120 / 实到 221" with an aria-live figure; `id` only on the visible scene's copy. */
export function turnoutFigure({ id, className = '' } = {}) {
  const voted = h('span', { class: 'turnout-num', dataset: { role: 'voted' } });
  const present = h('span', { dataset: { role: 'present' } });
  const el = h(
    'p',
    { class: `turnout ${className}`.trim(), id, 'aria-live': 'polite', 'aria-atomic': 'true' },
    h('span', { class: 'turnout-label' }, '已投'),
    ' ',
    voted,
    ' ',
    h('span', { class: 'turnout-of' }, '/ 实到 ', present),
  );
  return {
    el,
    set(turnout) {
      const votedCount = toCount(turnout?.voted);
      const presentCount = toCount(turnout?.present);
      el.dataset.voted = String(votedCount);
      el.dataset.present = String(presentCount);
      animateNumber(voted, votedCount, { busy: el });
      animateNumber(present, presentCount);
    },
  };
}

export function meter({ className = '' } = {}) {
  const fill = h('span', { class: 'meter-fill' });
  const mark = h('span', { class: 'meter-mark', hidden: true });
  const markLabel = h('span', { class: 'meter-mark-label' });
  mark.append(markLabel);
  const el = h('div', { class: `meter ${className}`.trim(), 'aria-hidden': 'true' }, fill, mark);
  return {
    el,
    set(part, whole) {
      fill.style.width = `${percent(part, whole)}%`;
    },
    mark(at, whole, label) {
      mark.hidden = !whole;
      mark.style.left = `${percent(at, whole)}%`;
      setText(markLabel, label);
    },
  };
}

export class MessageView {
  constructor(title, lead) {
    this.title = h('h2', { class: 'message-title' }, title);
    this.lead = h('p', { class: 'message-lead' }, lead);
    this.el = h('section', { class: 'scene scene-message', dataset: { sceneView: 'message' } }, this.title, this.lead);
  }

  update() {}
}

/** The roll line as the server words it, or built from the figures by an older server. */
export function rollLine(roll) {
  if (typeof roll.line === 'string' && roll.line) return roll.line;
  const expected = toCount(roll.expected);
  const present = toCount(roll.present);
  const leave = roll.on_leave === null || roll.on_leave === undefined ? '' : `请假 ${toCount(roll.on_leave)} 人，`;
  return `应到 ${expected} 人，实到 ${present} 人，${leave}缺席 ${Math.max(0, expected - present)} 人`;
}

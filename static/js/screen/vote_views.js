// A project vote on the hall screen while it runs (turnout, countdown, live bars) and once
// it has closed (the chair announces before the result goes up).

import { Countdown } from './countdown.js';
import { formatPercent, h, setText, toCount } from './dom.js';
import { showsMarks } from './marks.js';
import { createResultChart } from './result.js';
import { ballotNote, meter, turnoutFigure } from './scene_parts.js';

export class VotingView {
  constructor() {
    this.title = h('h2', { class: 'scene-title', id: 'ballot-title' });
    this.note = h('span', { class: 'kicker-note' });
    this.turnout = turnoutFigure({ id: 'turnout' });
    this.meter = meter({ className: 'turnout-meter' });
    this.turnoutNote = h('p', { class: 'turnout-note' });
    this.hiddenNote = h('p', { class: 'voting-hidden-note', hidden: true }, '投票正在进行');
    this.turnoutPanel = h('div', { class: 'turnout-panel' }, this.turnout.el, this.meter.el, this.turnoutNote, this.hiddenNote);
    this.countdown = new Countdown({ id: 'countdown' });
    this.side = h('div', { class: 'voting-side' }, this.turnoutPanel, this.countdown.el);
    this.livePanel = h('div', { class: 'live-panel', hidden: true });
    this.chart = null;
    this.el = h(
      'section',
      { class: 'scene scene-voting', dataset: { sceneView: 'voting' }, 'aria-labelledby': 'ballot-title' },
      h('div', { class: 'scene-kicker' }, h('span', { class: 'pill pill-open' }, '投票进行中'), this.note),
      this.title,
      h('p', { class: 'scene-lead' }, '请各位代表在手机上投票'),
      h('div', { class: 'voting-body' }, this.side, this.livePanel),
    );
  }

  update(snapshot) {
    const ballot = snapshot.ballot ?? {};
    setText(this.title, ballot.title ?? '投票');
    setText(this.note, ballotNote(ballot));

    const turnout = ballot.turnout;
    const shown = turnout !== null && turnout !== undefined;
    this.el.dataset.display = String(ballot.display ?? '');
    this.turnout.el.hidden = !shown;
    this.meter.el.hidden = !shown;
    this.turnoutNote.hidden = !shown;
    this.hiddenNote.hidden = shown;
    if (shown) {
      this.turnout.set(turnout);
      this.meter.set(toCount(turnout.voted), toCount(turnout.present));
      setText(this.turnoutNote, `投票率 ${formatPercent(toCount(turnout.voted), toCount(turnout.present))}`);
    }
    this.countdown.set(ballot.closes_at);
    this.el.classList.toggle('has-countdown', !this.countdown.el.hidden);

    // Live bars only when the server sent figures (display "live").
    const live = Boolean(snapshot.result);
    this.el.classList.toggle('is-live', live);
    this.livePanel.hidden = !live;
    if (live) {
      if (!this.chart) {
        this.chart = createResultChart({ live: true });
        this.livePanel.append(this.chart.el);
      }
      this.chart.update(snapshot.result, { marks: showsMarks(ballot) });
    }
  }

  layout() {
    this.chart?.layout();
  }

  destroy() {
    this.countdown.destroy();
  }
}

export class ClosedView {
  constructor() {
    this.ballotTitle = h('span', { class: 'kicker-note', id: 'ballot-title' });
    this.turnout = turnoutFigure({ id: 'turnout', className: 'closed-turnout' });
    this.el = h(
      'section',
      { class: 'scene scene-closed', dataset: { sceneView: 'closed' }, 'aria-labelledby': 'closed-title' },
      h('div', { class: 'scene-kicker' }, h('span', { class: 'pill pill-closed' }, '投票已结束'), this.ballotTitle),
      h(
        'div',
        { class: 'closed-body' },
        h('h2', { class: 'closed-title', id: 'closed-title' }, '投票结束，正在计票'),
        h('p', { class: 'closed-lead' }, '等待公布结果'),
        this.turnout.el,
      ),
    );
  }

  update(snapshot) {
    const ballot = snapshot.ballot ?? {};
    setText(this.ballotTitle, ballot.title ?? '');
    const turnout = ballot.turnout;
    this.turnout.el.hidden = !turnout;
    if (turnout) this.turnout.set(turnout);
  }
}

// Scenes of the hall screen, one view per snapshot.scene, switched with a short fade.

import { Countdown, observeServerTime } from './countdown.js';
import {
  animateNumber,
  chineseFraction,
  countList,
  formatPercent,
  h,
  moreThan,
  percent,
  prefersReducedMotion,
  setText,
  toCount,
} from './dom.js';
import { createResultChart } from './result.js';
import { receiveFeed } from './feed.js';
import { RatingClosedView, RatingResultView, RatingVotingView } from './rating.js';
import { ShowcaseView } from './showcase.js';
import { TitleView } from './title.js';

function ballotNote(ballot) {
  if (!ballot) return '';
  const places = toCount(ballot.places);
  if (ballot.kind && ballot.kind !== 'project_vote') return '对每个项目选择满意、基本满意或不满意';
  if (ballot.form === 'yes_no_abstain') {
    return places ? `对每个项目选择赞成、反对或弃权，赞成不超过 ${places} 个` : '对每个项目选择赞成、反对或弃权';
  }
  return places ? `每位代表最多赞成 ${places} 个项目` : '';
}

/** "已投 120 / 实到 221" with an aria-live figure; `id` only on the visible scene's copy. */
function turnoutFigure({ id, className = '' } = {}) {
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

function meter({ className = '' } = {}) {
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

class MessageView {
  constructor(title, lead) {
    this.title = h('h2', { class: 'message-title' }, title);
    this.lead = h('p', { class: 'message-lead' }, lead);
    this.el = h('section', { class: 'scene scene-message', dataset: { sceneView: 'message' } }, this.title, this.lead);
  }

  update() {}
}

/** The roll line as the server words it, or built from the figures by an older server. */
function rollLine(roll) {
  if (typeof roll.line === 'string' && roll.line) return roll.line;
  const expected = toCount(roll.expected);
  const present = toCount(roll.present);
  const leave = roll.on_leave === null || roll.on_leave === undefined ? '' : `请假 ${toCount(roll.on_leave)} 人，`;
  return `应到 ${expected} 人，实到 ${present} 人，${leave}缺席 ${Math.max(0, expected - present)} 人`;
}

class SignInView {
  constructor() {
    this.pill = h('span', { class: 'pill', id: 'sign-in-state' });
    this.expected = h('span', { class: 'figure-num', id: 'roll-expected' });
    this.present = h('span', { class: 'figure-num', id: 'roll-present' });
    this.presentBox = h(
      'p',
      { class: 'roll-figure', 'aria-live': 'polite', 'aria-atomic': 'true' },
      h('span', { class: 'figure-label' }, '实到'),
      ' ',
      this.present,
      ' ',
      h('span', { class: 'figure-unit' }, '人'),
    );
    // 应到 230 人，实到 201 人，请假 2 人，缺席 29 人: the line as the chair reads it.
    this.line = h('p', { class: 'roll-line', id: 'roll-line' });
    this.meter = meter({ className: 'roll-meter' });
    this.quorumIcon = h('span', { class: 'quorum-icon', 'aria-hidden': 'true' });
    this.quorumText = h('span');
    this.quorum = h('p', { class: 'quorum', id: 'quorum' }, this.quorumIcon, this.quorumText);
    this.hint = h('p', { class: 'scene-hint' });
    this.el = h(
      'section',
      { class: 'scene scene-sign-in', dataset: { sceneView: 'sign_in' }, 'aria-labelledby': 'sign-in-title' },
      h('div', { class: 'scene-kicker' }, this.pill),
      h('h2', { class: 'scene-title', id: 'sign-in-title' }, '代表签到'),
      h(
        'div',
        { class: 'roll-figures' },
        h(
          'p',
          { class: 'roll-figure' },
          h('span', { class: 'figure-label' }, '应到'),
          ' ',
          this.expected,
          ' ',
          h('span', { class: 'figure-unit' }, '人'),
        ),
        this.presentBox,
      ),
      this.line,
      this.meter.el,
      this.quorum,
      this.hint,
    );
  }

  update(snapshot) {
    const roll = snapshot.roll ?? {};
    const expected = toCount(roll.expected);
    const present = toCount(roll.present);
    const open = Boolean(roll.sign_in_open);
    animateNumber(this.expected, expected);
    animateNumber(this.present, present, { busy: this.presentBox });

    // Before sign-in has ever opened, nobody has failed any quorum yet: say it has not started.
    const started = open || (roll.sign_in_started ?? present > 0);
    this.pill.className = `pill ${open ? 'pill-open' : 'pill-closed'}`;
    this.pill.dataset.open = String(open);
    setText(this.pill, open ? '签到进行中' : started ? '签到已结束' : '签到尚未开始');
    setText(this.hint, open ? '请各位代表扫描表决卡上的二维码签到' : '');
    setText(this.line, rollLine(roll));

    const fraction = roll.quorum_fraction ?? '1/2';
    const said = chineseFraction(fraction);
    const needed = moreThan(fraction, expected);
    this.meter.set(present, expected);
    this.meter.mark(needed, expected, said === '半数' ? `过半数 ${needed} 人` : `法定人数 ${needed} 人`);

    const met = Boolean(roll.quorum_met);
    this.quorum.dataset.quorumMet = started || met ? String(met) : 'not_started';
    this.quorumIcon.hidden = !started && !met;
    setText(this.quorumIcon, met ? '✓' : started ? '✗' : '');
    const metText = said === '半数' ? '已过半数，符合法定人数' : `已超过${said}，符合法定人数`;
    setText(this.quorumText, met ? metText : started ? '未达法定人数' : '签到尚未开始');
  }
}

class VotingView {
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
      this.chart.update(snapshot.result);
    }
  }

  layout() {
    this.chart?.layout();
  }

  destroy() {
    this.countdown.destroy();
  }
}

class ClosedView {
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

class ResultView {
  /** `reveal`: bars grow from zero on first show, unless the hall already saw them live. */
  constructor({ reveal = true } = {}) {
    this.reveal = reveal;
    this.ballotTitle = h('span', { class: 'kicker-note', id: 'result-ballot' });
    this.headline = h('h2', { class: 'result-headline', id: 'result-headline' });
    this.shortfall = h('p', { class: 'result-note-shortfall', id: 'result-shortfall', hidden: true });
    this.tie = h('p', { class: 'result-note-tie', id: 'result-tie', hidden: true });
    // A re-vote's result carries `final`: every round combined (docs/api.md).
    this.final = h('p', { class: 'result-note-shortfall', id: 'result-final', hidden: true });
    this.counts = {};
    // Two lines of four: the roll (应到, 实到, 请假, 缺席), then the sheets.
    this.countsEl = countList({ class: 'result-counts result-counts-roll', id: 'result-counts' }, this.counts, [
      ['expected', '应到'],
      ['present', '实到'],
      ['on_leave', '请假'],
      ['absent', '缺席'],
      ['issued', '发出'],
      ['returned', '收回'],
      ['valid', '有效'],
      ['invalid', '无效'],
    ]);
    this.chart = createResultChart();
    this.revealed = false;
    this.el = h(
      'section',
      { class: 'scene scene-result', dataset: { sceneView: 'result' }, 'aria-labelledby': 'result-headline' },
      h('div', { class: 'scene-kicker' }, this.ballotTitle),
      h(
        'div',
        { class: 'result-top' },
        h('div', { class: 'result-heading' }, this.headline, h('div', { class: 'result-notes' }, this.final, this.shortfall, this.tie)),
        this.countsEl,
      ),
      h('div', { class: 'result-chart-wrap' }, this.chart.el),
    );
  }

  update(snapshot) {
    const ballot = snapshot.ballot ?? {};
    const result = snapshot.result;
    setText(this.ballotTitle, ballot.title ? `${ballot.title} · 票决结果` : '票决结果');
    if (!result) {
      this.headline.dataset.voteValid = '';
      setText(this.headline, '等待公布结果');
      this.shortfall.hidden = true;
      this.tie.hidden = true;
      this.final.hidden = true;
      this.countsEl.hidden = true;
      this.chart.el.hidden = true;
      return;
    }
    this.countsEl.hidden = false;
    const valid = result.vote_valid !== false && !result.void;
    this.headline.dataset.voteValid = String(valid);
    // The rounds combined, once this ballot is the last round counted and none is pending.
    const rounds = result.final?.rounds ?? [];
    const final = result.final && !result.final.pending_id && rounds[rounds.length - 1] === ballot.id ? result.final : null;
    let headline = `确定 ${(result.chosen_ids ?? []).length} 个年度民生实事项目`;
    if (final) headline = `最终确定 ${final.chosen_ids.length} 个年度民生实事项目`;
    this.final.hidden = !final;
    if (final) setText(this.final, `含重新票决，共 ${final.rounds.length} 轮`);
    if (result.void) headline = '收回票数多于发出票数，票决无效';
    else if (result.vote_valid === false) headline = '收回票数未过半数，票决无效';
    setText(this.headline, headline);

    const shortfall = toCount(result.shortfall);
    this.shortfall.hidden = !valid || shortfall <= 0;
    setText(this.shortfall, `尚缺 ${shortfall} 个名额`);
    const standing = final ?? result;
    const tied = (standing.tied_ids ?? []).length;
    this.tie.hidden = !valid || tied === 0;
    setText(this.tie, `${tied} 个项目票数相同，争夺剩余 ${toCount(standing.places_left)} 个名额，需重新票决`);

    for (const [key, dd] of Object.entries(this.counts)) {
      // 请假 is unknown (null) on a ballot closed before leave was counted on its own.
      setText(dd, result[key] === null || result[key] === undefined ? '—' : toCount(result[key]));
    }

    this.chart.update(result, { reveal: this.reveal && !this.revealed });
    this.revealed = true;
  }

  layout() {
    this.chart.layout();
  }
}

const VIEWS = {
  title: TitleView,
  sign_in: SignInView,
  voting: VotingView,
  closed: ClosedView,
  result: ResultView,
  showcase: ShowcaseView,
};
// Scenes that do not depend on the ballot: switching ballots behind them keeps them still.
const BALLOTLESS = new Set(['title', 'sign_in', 'showcase']);
// A satisfaction rating has its own voting (with the 满意 feed), closed and result views.
const RATING_VIEWS = { voting: RatingVotingView, closed: RatingClosedView, result: RatingResultView };

function viewClass(scene, ballot) {
  return (ballot?.kind === 'rating' && RATING_VIEWS[scene]) || VIEWS[scene];
}

/** createScreen(stage) → {render(snapshot), showMessage(title, lead), layout()} */
export function createScreen(stage) {
  const scenes = stage.querySelector('#scenes');
  const meetingName = stage.querySelector('#meeting-name');
  const demoBadge = stage.querySelector('#demo-badge');
  const rehearsalBadge = stage.querySelector('#rehearsal-badge');
  const initial = scenes.querySelector('.scene');
  let current = { key: 'connecting', view: { el: initial, update() {} } };

  function swap(key, view) {
    const old = current.view;
    current = { key, view };
    scenes.append(view.el);
    const quick = prefersReducedMotion();
    if (old?.el) {
      // Ids belong to the visible scene only; the outgoing copy gives them up at once.
      old.el.querySelectorAll('[id]').forEach((node) => node.removeAttribute('id'));
      old.el.classList.remove('is-shown');
      old.el.setAttribute('aria-hidden', 'true');
      const from = getComputedStyle(old.el).opacity;
      const fade = old.el.animate(
        [{ opacity: from, visibility: 'visible' }, { opacity: 0, visibility: 'visible' }],
        { duration: quick ? 0 : 160, easing: 'ease-in' },
      );
      const done = () => {
        old.el.remove();
        old.destroy?.();
      };
      fade.finished.then(done, done);
    }
    view.el.classList.add('is-shown');
    // Fade in after the old scene has gone, over the same paper background: no blank flash.
    view.el.animate(
      [{ opacity: 0, transform: 'translateY(1.2rem)' }, { opacity: 1, transform: 'none' }],
      { duration: quick ? 0 : 260, delay: old?.el && !quick ? 140 : 0, easing: 'ease-out', fill: 'backwards' },
    );
  }

  function updateHeader(meeting) {
    if (!meeting) return;
    if (meeting.name) {
      setText(meetingName, meeting.name);
      document.title = `${meeting.name} · 会场大屏`;
    }
    demoBadge.hidden = !meeting.demo;
    // 演练: a dry run, marked on every scene so nobody takes its figures for real ones.
    if (rehearsalBadge) rehearsalBadge.hidden = !meeting.rehearsal;
    stage.dataset.rehearsal = String(Boolean(meeting.rehearsal));
  }

  function render(snapshot) {
    observeServerTime(snapshot.server_time);
    updateHeader(snapshot.meeting);
    const scene = VIEWS[snapshot.scene] ? snapshot.scene : 'unknown';
    const key = BALLOTLESS.has(scene) ? `${scene}:` : `${scene}:${snapshot.ballot?.id ?? ''}`;
    if (current.key !== key) {
      const sawLive = current.key === `voting:${snapshot.ballot?.id ?? ''}`
        && Boolean(current.view.chart || current.view.sawLive);
      const View = viewClass(scene, snapshot.ballot);
      const view = scene === 'unknown'
        ? new MessageView('请稍候', '会议画面即将显示')
        : new View({ reveal: !sawLive });
      scenes.append(view.el);
      view.update(snapshot);
      swap(key, view);
      // Measure once the new scene is laid out at full size.
      requestAnimationFrame(() => view.layout?.());
    } else {
      current.view.update(snapshot);
    }
    stage.dataset.scene = scene;
    stage.dataset.seq = String(snapshot.seq);
  }

  function showMessage(title, lead) {
    const view = new MessageView(title, lead);
    swap(`message:${title}`, view);
    stage.dataset.scene = 'message';
  }

  function layout() {
    current.view.layout?.();
  }

  /** A `feed` message (the rating's 满意 lines): kept per ballot, shown by the rating's voting view. */
  function feed(message) {
    receiveFeed(message);
  }

  return { render, showMessage, layout, feed, hasScene: () => VIEWS[stage.dataset.scene] !== undefined };
}

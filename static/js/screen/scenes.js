// Scenes of the hall screen, one view per snapshot.scene, switched with a short fade.

import { kindOf } from '../words.js';
import { observeServerTime } from './countdown.js';
import { prefersReducedMotion, setText } from './dom.js';
import { MessageView } from './scene_parts.js';
import { receiveFeed } from './feed.js';
import { RatingClosedView, RatingResultView, RatingVotingView } from './rating.js';
import { ResultView } from './result_view.js';
import { ShowcaseView } from './showcase.js';
import { SignInView } from './sign_in_view.js';
import { TitleView } from './title.js';
import { ClosedView, VotingView } from './vote_views.js';

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
const VIEWS_BY_REPORT = { rating: { voting: RatingVotingView, closed: RatingClosedView, result: RatingResultView } };

function viewClass(scene, ballot) {
  return (ballot && VIEWS_BY_REPORT[kindOf(ballot).report]?.[scene]) || VIEWS[scene];
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


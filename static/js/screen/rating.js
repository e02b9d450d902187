// The satisfaction rating (满意度测评) on the hall screen: the voting scene with the rising
// 满意 feed, live per-project bars (display "live" only), and the result with both rates
// (the table and the rates: rating_table.js).

import { WORDS } from '../words.js';
import { Countdown } from './countdown.js';
import { animateNumber, chineseFraction, countList, formatPercent, h, percent, setText, toCount } from './dom.js';
import { createFeed } from './feed.js';
import { GRADE_BASIS_TEXT, animateRate, createRatingTable, fractionWords } from './rating_table.js';

// ---------- the voting scene ----------

export class RatingVotingView {
  constructor() {
    this.title = h('h2', { class: 'rating-title', id: 'ballot-title' });
    this.note = h('span', { class: 'kicker-note' }, '请各位代表在手机上对每个项目选择满意、基本满意或不满意');

    this.voted = h('span', { class: 'turnout-num', dataset: { role: 'voted' } });
    this.present = h('span', { dataset: { role: 'present' } });
    this.turnout = h(
      'p',
      { class: 'turnout rating-turnout', id: 'turnout', 'aria-live': 'polite', 'aria-atomic': 'true' },
      h('span', { class: 'turnout-label' }, '已评'),
      ' ',
      this.voted,
      ' ',
      h('span', { class: 'turnout-of' }, '/ 实到 ', this.present),
    );
    this.meterFill = h('span', { class: 'meter-fill' });
    this.meter = h('div', { class: 'meter turnout-meter', 'aria-hidden': 'true' }, this.meterFill);
    this.turnoutNote = h('p', { class: 'turnout-note' });
    this.hiddenNote = h('p', { class: 'voting-hidden-note', hidden: true }, '测评正在进行');
    this.countdown = new Countdown({ id: 'countdown' });
    this.feed = createFeed();
    this.side = h(
      'div',
      { class: 'rating-side' },
      h('div', { class: 'rating-turnout-panel' }, this.turnout, this.meter, this.turnoutNote, this.hiddenNote),
      this.feed.tally,
      this.countdown.el,
    );
    this.livePanel = h('div', { class: 'rating-live-panel', hidden: true });
    this.table = null;
    this.feedPanel = h('div', { class: 'feed-panel' }, this.feed.el);
    this.el = h(
      'section',
      {
        class: 'scene scene-rating-voting',
        dataset: { sceneView: 'voting', kind: 'rating' },
        'aria-labelledby': 'ballot-title',
      },
      h('div', { class: 'scene-kicker' }, h('span', { class: 'pill pill-open' }, '测评进行中'), this.note),
      this.title,
      h('div', { class: 'rating-voting-body' }, this.side, this.livePanel, this.feedPanel),
    );
  }

  update(snapshot) {
    const ballot = snapshot.ballot ?? {};
    setText(this.title, ballot.title ?? '满意度测评');
    if (ballot.id !== undefined && ballot.id !== null) this.feed.attach(ballot.id);

    const turnout = ballot.turnout;
    const shown = turnout !== null && turnout !== undefined;
    this.el.dataset.display = String(ballot.display ?? '');
    this.turnout.hidden = !shown;
    this.meter.hidden = !shown;
    this.turnoutNote.hidden = !shown;
    this.hiddenNote.hidden = shown;
    if (shown) {
      const voted = toCount(turnout.voted);
      const present = toCount(turnout.present);
      this.turnout.dataset.voted = String(voted);
      this.turnout.dataset.present = String(present);
      animateNumber(this.voted, voted, { busy: this.turnout });
      animateNumber(this.present, present);
      this.meterFill.style.width = `${percent(voted, present)}%`;
      setText(this.turnoutNote, `参评率 ${formatPercent(voted, present)}`);
    }

    // With display "hidden" the hall sees nothing of the ratings until they are published.
    const feedOn = ballot.display !== 'hidden';
    this.feed.setEnabled(feedOn);
    this.feedPanel.hidden = !feedOn;
    this.feed.tally.hidden = !feedOn;
    this.el.classList.toggle('no-feed', !feedOn);

    this.countdown.set(ballot.closes_at);
    this.el.classList.toggle('has-countdown', !this.countdown.el.hidden);

    const result = snapshot.result;
    const live = Boolean(result && Array.isArray(result.rows));
    const wasLive = this.el.classList.contains('is-live');
    this.el.classList.toggle('is-live', live);
    this.livePanel.hidden = !live;
    if (live) {
      if (!this.table) {
        this.table = createRatingTable({ live: true });
        this.livePanel.append(this.table.el);
      }
      this.table.update(result);
    }
    if (live !== wasLive) requestAnimationFrame(() => this.layout());
  }

  /** Whether the hall saw per-project bars move (then the result need not grow them again). */
  get sawLive() {
    return this.table !== null;
  }

  layout() {
    this.table?.layout();
    this.feed.layout();
  }

  destroy() {
    this.countdown.destroy();
    this.feed.destroy();
    this.table?.destroy();
  }
}

// ---------- the closed scene: the rating is over, the chair announces first ----------

export class RatingClosedView {
  constructor() {
    this.ballotTitle = h('span', { class: 'kicker-note', id: 'ballot-title' });
    this.voted = h('span', { class: 'turnout-num', dataset: { role: 'voted' } });
    this.present = h('span', { dataset: { role: 'present' } });
    this.turnout = h(
      'p',
      { class: 'turnout closed-turnout', id: 'turnout', 'aria-live': 'polite', 'aria-atomic': 'true' },
      h('span', { class: 'turnout-label' }, '已评'),
      ' ',
      this.voted,
      ' ',
      h('span', { class: 'turnout-of' }, '/ 实到 ', this.present),
    );
    this.el = h(
      'section',
      { class: 'scene scene-closed', dataset: { sceneView: 'closed', kind: 'rating' }, 'aria-labelledby': 'closed-title' },
      h('div', { class: 'scene-kicker' }, h('span', { class: 'pill pill-closed' }, '测评已结束'), this.ballotTitle),
      h(
        'div',
        { class: 'closed-body' },
        h('h2', { class: 'closed-title', id: 'closed-title' }, '测评结束，正在统计'),
        h('p', { class: 'closed-lead' }, '等待公布测评结果'),
        this.turnout,
      ),
    );
  }

  update(snapshot) {
    const ballot = snapshot.ballot ?? {};
    setText(this.ballotTitle, ballot.title ?? '');
    const turnout = ballot.turnout;
    this.turnout.hidden = !turnout;
    if (turnout) {
      this.turnout.dataset.voted = String(toCount(turnout.voted));
      this.turnout.dataset.present = String(toCount(turnout.present));
      animateNumber(this.voted, turnout.voted, { busy: this.turnout });
      animateNumber(this.present, turnout.present);
    }
  }
}

// ---------- the result scene ----------

export class RatingResultView {
  constructor({ reveal = true } = {}) {
    this.reveal = reveal;
    this.revealed = false;
    this.ballotTitle = h('span', { class: 'kicker-note', id: 'result-ballot' });

    this.overallRate = h('span', { class: 'rating-overall-num', id: 'rating-overall-rate' });
    this.combinedRate = h('span', { class: 'rating-overall-num', id: 'rating-overall-combined' });
    this.overall = h(
      'div',
      { class: 'rating-overall', id: 'rating-overall' },
      h(
        'p',
        { class: 'rating-overall-main' },
        h('span', { class: 'rating-overall-label' }, '总体满意率'),
        ' ',
        h('span', { class: 'rating-overall-value' }, this.overallRate, h('span', { class: 'rating-overall-pct' }, '%')),
      ),
      h(
        'p',
        { class: 'rating-overall-combined' },
        h('span', { class: 'rating-overall-label' }, '总体综合满意率'),
        h('span', { class: 'rating-overall-paren' }, '（满意+基本满意）'),
        ' ',
        h('span', { class: 'rating-overall-value' }, this.combinedRate, h('span', { class: 'rating-overall-pct' }, '%')),
      ),
    );
    this.summary = h('p', { class: 'rating-summary', id: 'rating-summary' });
    this.counts = {};
    this.countsEl = countList({ class: 'result-counts rating-counts', id: 'result-counts' }, this.counts, [
      ['returned', WORDS.sheets.returned],
      ['valid', WORDS.sheets.valid],
      ['invalid', WORDS.sheets.invalid],
    ]);
    this.table = createRatingTable();
    this.foot = h('p', { class: 'rating-foot', id: 'rating-foot' });
    this.waiting = h('h2', { class: 'result-headline', hidden: true }, '等待公布结果');
    this.el = h(
      'section',
      {
        class: 'scene scene-result scene-rating-result',
        dataset: { sceneView: 'result', kind: 'rating' },
        'aria-labelledby': 'rating-overall',
      },
      h('div', { class: 'scene-kicker' }, this.ballotTitle),
      this.waiting,
      h('div', { class: 'rating-top' }, this.overall),
      h('div', { class: 'rating-meta' }, this.summary, this.countsEl),
      h('div', { class: 'rating-table-wrap' }, this.table.el),
      this.foot,
    );
  }

  update(snapshot) {
    const ballot = snapshot.ballot ?? {};
    const result = snapshot.result;
    setText(this.ballotTitle, ballot.title ? `${ballot.title} · 测评结果` : '满意度测评结果');
    const has = Boolean(result && Array.isArray(result.rows));
    this.waiting.hidden = has;
    for (const part of [this.overall, this.countsEl, this.summary, this.table.el, this.foot]) part.hidden = !has;
    if (!has) return;

    const first = this.reveal && !this.revealed;
    this.overall.dataset.satisfiedRate = String(result.overall_satisfied_rate ?? '');
    this.overall.dataset.combinedRate = String(result.overall_combined_rate ?? '');
    animateRate(this.overallRate, result.overall_satisfied_rate, { from: first ? 0 : null });
    animateRate(this.combinedRate, result.overall_combined_rate, { from: first ? 0 : null });

    for (const [key, dd] of Object.entries(this.counts)) setText(dd, toCount(result[key]));

    const rows = result.rows;
    const by = (grade) => rows.filter((row) => row.grade === grade).length;
    const rectify = rows.filter((row) => row.needs_rectification).length;
    const ungraded = rows.filter((row) => !row.grade).length;
    this.summary.dataset.rectify = String(rectify);
    // replaceChildren() would print a null as the text "null": only real nodes go in.
    const chips = [
      h('span', { class: 'rating-summary-label' }, '评定'),
      h('span', { class: 'grade-chip', dataset: { grade: 'satisfied' } }, `满意 ${by('satisfied')} 个`),
      h('span', { class: 'grade-chip', dataset: { grade: 'fairly_satisfied' } }, `基本满意 ${by('fairly_satisfied')} 个`),
      h('span', { class: 'grade-chip', dataset: { grade: 'dissatisfied' } }, `不满意 ${by('dissatisfied')} 个`),
    ];
    if (ungraded) chips.push(h('span', { class: 'grade-chip', dataset: { grade: 'none' } }, `未测评 ${ungraded} 个`));
    if (rectify) {
      chips.push(h('span', { class: 'rectify' }, h('span', { class: 'rectify-icon', 'aria-hidden': 'true' }), `${rectify} 个需整改`));
    }
    this.summary.replaceChildren(...chips);

    const basis = GRADE_BASIS_TEXT[result.grade_basis] ?? GRADE_BASIS_TEXT.returned;
    const words = fractionWords(result.grade_fraction ?? '1/2');
    const line = chineseFraction(result.grade_fraction ?? '1/2') === '半数' ? '半数线' : `${chineseFraction(result.grade_fraction)}线`;
    setText(
      this.foot,
      `满意率 = 满意 ÷ 有效票；综合满意率 = (满意 + 基本满意) ÷ 有效票。`
        + `评定以${basis} ${toCount(result.basis_count)} 票为基数：满意${words}为“满意”，`
        + `满意与基本满意合计${words}为“基本满意”，否则为“不满意”并列入整改。图中竖线为${line}。`,
    );

    this.table.update(result, { reveal: first });
    this.revealed = true;
  }

  layout() {
    this.table.layout();
  }

  destroy() {
    this.table.destroy();
  }
}


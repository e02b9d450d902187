// A project vote's published result on the hall screen: the headline, the counts, ties and
// re-votes, and the ranked list.

import { WORDS } from '../words.js';
import { countList, h, setText, toCount } from './dom.js';
import { createFinalList, roundName } from './final_list.js';
import { showsMarks } from './marks.js';
import { createResultChart } from './result.js';

/** Which projects tied, on how many votes, for how many places, and the round that follows. */
function tieText(result, standing, roundsSoFar) {
  const rows = new Map((result.rows ?? []).map((row) => [row.candidate_id, row]));
  const names = (standing.tied ?? standing.tied_ids.map((id) => rows.get(id) ?? { name: String(id) })).map(
    (entry) => entry.name,
  );
  const votes = [...new Set(standing.tied_ids.map((id) => rows.get(id)?.yes).filter((yes) => yes !== undefined))];
  const each = votes.length === 1 ? `各得 ${toCount(votes[0])} 票，` : '';
  const next = roundName(Math.max(1, roundsSoFar));
  return `${names.join('、')} ${each}票数相同，争夺剩余 ${toCount(standing.places_left)} 个名额，将进行${next}票决`;
}

export class ResultView {
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
      ...Object.entries(WORDS.roll),
      ...Object.entries(WORDS.sheets),
    ]);
    this.chart = createResultChart();
    this.finalList = createFinalList();
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
      h('div', { class: 'result-chart-wrap' }, this.chart.el, this.finalList.el),
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
      this.finalList.update(null);
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
    const tied = standing.tied_ids ?? [];
    this.tie.hidden = !valid || tied.length === 0;
    setText(this.tie, tieText(result, standing, rounds.length));

    for (const [key, dd] of Object.entries(this.counts)) {
      // 请假 is unknown (null) on a ballot closed before leave was counted on its own.
      setText(dd, result[key] === null || result[key] === undefined ? '—' : toCount(result[key]));
    }

    // After a re-vote, all K with their rounds; this round's own chart is on the desk's sheet.
    this.finalList.update(final);
    this.chart.el.hidden = Boolean(final);
    this.el.dataset.final = String(Boolean(final));
    if (!final) this.chart.update(result, { reveal: this.reveal && !this.revealed, marks: showsMarks(ballot) });
    this.revealed = true;
  }

  layout() {
    this.chart.layout();
    this.finalList.layout();
  }

  destroy() {
    this.chart.destroy();
    this.finalList.destroy();
  }
}

// The showcase scene: last year's livelihood projects and every sub-project on one screen,
// "完成进度时序一目了然". One row per project (name, area, counts) with its sub-projects laid
// along a January–December timeline by completion date. Nobody can hover over a hall screen,
// so each marker carries its own small label (the figure achieved), and 超额 is told by shape
// (a star) and text (a "超" tag), not by colour alone.

import { h, setText, toCount } from './dom.js';

export const STATUS = {
  超额完成: 'exceeded',
  已完成: 'completed',
  未完成: 'unfinished',
};

const STATUS_TEXT = { exceeded: '超额完成', completed: '已完成', unfinished: '未完成' };
const MONTHS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
const MAX_LANES = 3;

function statusCode(sub) {
  const code = STATUS[String(sub.status ?? '').trim()];
  if (code) return code;
  return sub.completed_on ? 'completed' : 'unfinished';
}

/** "2025-11-28" → position on the year's axis in [0, 1] (each month one twelfth), or null. */
export function yearPosition(iso, year) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso ?? ''));
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y < year) return 0;
  if (y > year) return 1;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Math.min(1, Math.max(0, (m - 1 + (d - 0.5) / days) / 12));
}

function dateText(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso ?? ''));
  return match ? `${Number(match[2])}月${Number(match[3])}日` : '';
}

/** 5809 → "5809"; 12.5 → "12.5"; keeps what the import gave, without trailing zeros. */
function figure(value) {
  if (value === null || value === undefined || value === '') return '';
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(2)));
}

function headlineText(totals) {
  const projects = toCount(totals.projects);
  const subprojects = toCount(totals.subprojects);
  const completed = toCount(totals.completed);
  const exceeded = toCount(totals.exceeded);
  const all = subprojects > 0 && completed === subprojects;
  let text = `${projects} 项民生实事 · ${subprojects} 个具体项目`;
  text += all ? '全部完成' : `，已完成 ${completed} 个`;
  if (exceeded > 0) text += `，其中 ${exceeded} 个超额完成`;
  return text;
}

export class ShowcaseView {
  constructor() {
    this.title = h('span', { class: 'kicker-note showcase-title', id: 'showcase-title' });
    this.headline = h('h2', { class: 'showcase-headline', id: 'showcase-headline' });
    this.axis = h(
      'div',
      { class: 'sc-axis', 'aria-hidden': 'true' },
      h('span', { class: 'sc-label' }, '项目'),
      h('span', { class: 'sc-track sc-months' }, MONTHS.map((m) => h('span', { class: 'sc-month' }, m))),
      h('span', { class: 'sc-count' }, '完成情况'),
    );
    this.rows = h('ol', { class: 'sc-rows', id: 'showcase-rows' });
    this.legend = h(
      'p',
      { class: 'sc-legend', 'aria-hidden': 'true' },
      h('span', { class: 'sc-legend-item' }, h('span', { class: 'sc-dot', dataset: { status: 'completed' } }), '按期完成'),
      h(
        'span',
        { class: 'sc-legend-item' },
        h('span', { class: 'sc-dot', dataset: { status: 'exceeded' } }),
        h('span', { class: 'sc-tag' }, '超'),
        '超额完成',
      ),
      h('span', { class: 'sc-legend-item' }, h('span', { class: 'sc-legend-span' }), '年初至全部完成'),
      h('span', { class: 'sc-legend-item sc-legend-unfinished', hidden: true }, h('span', { class: 'sc-dot', dataset: { status: 'unfinished' } }), '未完成'),
      h('span', { class: 'sc-legend-note' }, '标记位置为完成日期，旁注为完成量'),
    );
    this.unfinishedLegend = this.legend.querySelector('.sc-legend-unfinished');
    this.el = h(
      'section',
      {
        class: 'scene scene-showcase',
        id: 'showcase',
        dataset: { sceneView: 'showcase', projects: '0', subprojects: '0' },
        'aria-labelledby': 'showcase-headline',
      },
      h('div', { class: 'scene-kicker' }, h('span', { class: 'pill pill-showcase' }, '民生实事'), this.title),
      this.headline,
      h('div', { class: 'sc-chart' }, this.axis, this.rows),
      this.legend,
    );
    this.fingerprint = '';
  }

  update(snapshot) {
    const showcase = snapshot.showcase ?? {};
    const projects = Array.isArray(showcase.projects) ? showcase.projects : [];
    const year = Number(showcase.year) || new Date().getFullYear() - 1;
    const counted = projects.flatMap((p) => (Array.isArray(p.subprojects) ? p.subprojects : []));
    const totals = {
      projects: projects.length,
      subprojects: counted.length,
      completed: counted.filter((s) => statusCode(s) !== 'unfinished').length,
      exceeded: counted.filter((s) => statusCode(s) === 'exceeded').length,
      ...(showcase.totals ?? {}),
    };
    setText(this.title, showcase.title ?? `${year}年民生实事项目完成情况`);
    this.el.dataset.projects = String(toCount(totals.projects));
    this.el.dataset.subprojects = String(toCount(totals.subprojects));
    this.el.dataset.completed = String(toCount(totals.completed));
    this.el.dataset.exceeded = String(toCount(totals.exceeded));
    this.el.dataset.year = String(year);
    if (!projects.length) {
      setText(this.headline, '暂无民生实事项目数据');
      this.rows.replaceChildren();
      return;
    }
    if (this.headline.textContent !== headlineText(totals)) {
      setText(this.headline, headlineText(totals));
      requestAnimationFrame(() => ShowcaseView.shrinkToFit(this.headline, 0.6));
    }

    // The figures change rarely (a new import): rebuild only when they did.
    const fingerprint = JSON.stringify([year, projects]);
    if (fingerprint === this.fingerprint) return;
    this.fingerprint = fingerprint;
    this.unfinishedLegend.hidden = !counted.some((s) => statusCode(s) === 'unfinished');
    this.rows.replaceChildren(...projects.map((project) => this.row(project, year)));
    this.el.style.setProperty('--sc-rows', String(projects.length));
    requestAnimationFrame(() => this.layout());
  }

  row(project, year) {
    const subs = Array.isArray(project.subprojects) ? project.subprojects : [];
    const codes = subs.map(statusCode);
    const done = codes.filter((c) => c !== 'unfinished').length;
    const exceeded = codes.filter((c) => c === 'exceeded').length;
    const dates = subs.map((s) => yearPosition(s.completed_on, year)).filter((x) => x !== null);
    const finish = done === subs.length && dates.length ? Math.max(...dates) : null;

    const track = h('span', { class: 'sc-track' });
    if (finish !== null) {
      track.append(h('span', { class: 'sc-span', style: `width:${(finish * 100).toFixed(2)}%` }));
    }
    subs.forEach((sub, index) => {
      const code = codes[index];
      let at = yearPosition(sub.completed_on, year);
      const undated = at === null;
      if (undated) at = 1; // no completion date yet: at the year's end, hollow
      const achieved = figure(sub.achieved);
      const unit = String(sub.unit ?? '');
      let label = achieved ? `${achieved}${unit}` : '';
      if (code === 'unfinished' && sub.progress !== null && sub.progress !== undefined) {
        label = `${toCount(sub.progress)}%`;
      }
      const target = figure(sub.target);
      const said = [
        sub.name,
        achieved && `完成 ${achieved}${unit}`,
        target && `目标 ${target}${unit}`,
        STATUS_TEXT[code],
        dateText(sub.completed_on),
      ].filter(Boolean).join('，');
      track.append(
        h(
          'span',
          {
            class: 'showcase-marker',
            dataset: {
              status: code,
              completedOn: sub.completed_on ?? '',
              undated: undated ? 'true' : null,
            },
            style: `left:${(at * 100).toFixed(3)}%`,
            title: said,
          },
          h('span', { class: 'sc-dot', dataset: { status: code }, 'aria-hidden': 'true' }),
          h(
            'span',
            { class: 'sc-mark-label', 'aria-hidden': 'true' },
            code === 'exceeded' ? h('span', { class: 'sc-tag' }, '超') : null,
            label,
          ),
          h('span', { class: 'sr-only' }, said),
        ),
      );
    });

    const all = subs.length > 0 && done === subs.length;
    const count = h(
      'span',
      { class: 'sc-count' },
      h('span', { class: 'sc-count-main', dataset: { all: String(all) } }, all ? `${subs.length} 项全部完成` : `完成 ${done}/${subs.length}`),
      exceeded ? h('span', { class: 'sc-count-exceeded' }, h('span', { class: 'sc-tag' }, '超'), `超额 ${exceeded} 项`) : null,
    );
    return h(
      'li',
      {
        class: 'showcase-row',
        dataset: {
          projectId: String(project.id ?? ''),
          subprojects: String(subs.length),
          completed: String(done),
          exceeded: String(exceeded),
        },
      },
      h(
        'span',
        { class: 'sc-label' },
        h('span', { class: 'sc-pos' }, project.position ?? ''),
        h(
          'span',
          { class: 'sc-label-text' },
          h('span', { class: 'sc-name' }, project.name ?? ''),
          project.area ? h('span', { class: 'sc-area' }, project.area) : null,
        ),
      ),
      track,
      count,
    );
  }

  /** Shrink a line that does not fit (down to `floor` of its size), rather than wrap it. */
  static shrinkToFit(el, floor) {
    el.style.fontSize = '';
    if (el.scrollWidth <= el.clientWidth + 1) return;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const ratio = Math.max(floor, el.clientWidth / el.scrollWidth);
    el.style.fontSize = `${Math.floor(size * ratio * 10) / 10}px`;
  }

  /** Fit the headline and names; stack markers that sit close together into lanes. */
  layout() {
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 10;
    const gap = 1.2 * rem;
    ShowcaseView.shrinkToFit(this.headline, 0.6);
    for (const name of this.rows.querySelectorAll('.sc-name')) ShowcaseView.shrinkToFit(name, 0.72);
    for (const row of this.rows.children) {
      const track = row.querySelector('.sc-track');
      const width = track.clientWidth;
      if (!width) continue;
      const markers = [...track.querySelectorAll('.showcase-marker')];
      const spans = markers.map((marker) => {
        const x = (parseFloat(marker.style.left) / 100) * width;
        const dot = marker.querySelector('.sc-dot').offsetWidth;
        const label = marker.querySelector('.sc-mark-label').offsetWidth;
        // Near the right end the label goes to the left of its marker.
        const flip = x + dot / 2 + label + 0.6 * rem > width;
        marker.classList.toggle('is-flipped', flip);
        const start = flip ? x - dot / 2 - label - 0.6 * rem : x - dot / 2;
        const end = flip ? x + dot / 2 : x + dot / 2 + 0.6 * rem + label;
        return { marker, start, end };
      });
      spans.sort((a, b) => a.start - b.start);
      const lanes = [];
      for (const span of spans) {
        let lane = lanes.findIndex((end) => span.start >= end + gap);
        if (lane === -1) {
          if (lanes.length < MAX_LANES) {
            lane = lanes.length;
            lanes.push(span.end);
          } else {
            lane = lanes.indexOf(Math.min(...lanes));
          }
        }
        lanes[lane] = Math.max(lanes[lane] ?? -Infinity, span.end);
        span.lane = lane;
      }
      const used = Math.max(1, lanes.length);
      row.dataset.lanes = String(used);
      // Many projects make short rows: lanes close up rather than spill into the next row.
      const laneHeight = Math.min(2.3 * rem, (row.clientHeight - 0.4 * rem) / used);
      row.style.setProperty('--lane-h', `${Math.max(1.2 * rem, laneHeight).toFixed(1)}px`);
      for (const span of spans) {
        span.marker.style.setProperty('--lane', String(span.lane - (used - 1) / 2));
      }
    }
  }
}

// The showcase scene: last year's livelihood projects, one project to a page, read at 30 m.
// Each sub-project is a row with its name, "目标 → 完成" and when it was done, at ≥ 48 px;
// the pages turn on their own (pager.js). 超额 is told by shape (★) and text, not by colour
// alone; the headline counts every project and sub-project.

import { h, setText, toCount } from './dom.js';
import { createPager } from './pager.js';

export const STATUS = {
  超额完成: 'exceeded',
  已完成: 'completed',
  未完成: 'unfinished',
};

const STATUS_TEXT = { exceeded: '超额完成', completed: '已完成', unfinished: '未完成' };
const STATUS_MARK = { exceeded: '★', completed: '✓', unfinished: '…' };

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

/** "目标 8000 个 → 完成 8650 个", or the progress of an unfinished one. */
function targetText(sub, code) {
  const unit = String(sub.unit ?? '');
  const target = figure(sub.target);
  const achieved = figure(sub.achieved);
  const goal = target ? `目标 ${target}${unit}` : '';
  if (code === 'unfinished') {
    const progress = sub.progress === null || sub.progress === undefined ? '' : `进度 ${toCount(sub.progress)}%`;
    return [goal, progress].filter(Boolean).join(' → ');
  }
  const done = achieved ? `完成 ${achieved}${unit}` : '完成';
  return goal ? `${goal} → ${done}` : done;
}

function subRow(sub, year) {
  const code = statusCode(sub);
  const when = dateText(sub.completed_on);
  return h(
    'li',
    { class: 'sc-sub', dataset: { status: code, completedOn: sub.completed_on ?? '', at: String(yearPosition(sub.completed_on, year) ?? '') } },
    h('span', { class: 'sc-sub-mark', 'aria-hidden': 'true' }, STATUS_MARK[code]),
    h('span', { class: 'sc-sub-name' }, sub.name ?? ''),
    h('span', { class: 'sc-sub-figures' }, targetText(sub, code)),
    h('span', { class: 'sc-sub-status' }, STATUS_TEXT[code] + (when && code !== 'unfinished' ? ` · ${when}` : '')),
  );
}

function projectRow(project, year) {
  const subs = Array.isArray(project.subprojects) ? project.subprojects : [];
  const codes = subs.map(statusCode);
  const done = codes.filter((c) => c !== 'unfinished').length;
  const exceeded = codes.filter((c) => c === 'exceeded').length;
  const all = subs.length > 0 && done === subs.length;
  const count = [all ? `${subs.length} 项全部完成` : `完成 ${done}/${subs.length}`, exceeded ? `超额 ${exceeded} 项` : '']
    .filter(Boolean)
    .join(' · ');
  return h(
    'li',
    {
      class: 'showcase-row',
      dataset: { projectId: String(project.id ?? ''), subprojects: String(subs.length), completed: String(done), exceeded: String(exceeded) },
    },
    h(
      'div',
      { class: 'sc-project' },
      h('span', { class: 'sc-pos' }, project.position ?? ''),
      h('span', { class: 'sc-name' }, project.name ?? ''),
      project.area ? h('span', { class: 'sc-area' }, project.area) : null,
      h('span', { class: 'sc-count', dataset: { all: String(all) } }, count),
    ),
    h('ol', { class: 'sc-subs' }, subs.map((sub) => subRow(sub, year))),
  );
}

export class ShowcaseView {
  constructor() {
    this.title = h('span', { class: 'kicker-note showcase-title', id: 'showcase-title' });
    this.headline = h('h2', { class: 'showcase-headline', id: 'showcase-headline' });
    this.rows = h('ol', { class: 'sc-rows', id: 'showcase-rows' });
    this.pages = h('div', { class: 'sc-pages' }, this.rows);
    // One project to a page: a page is as tall as the list, whatever its rows.
    this.pager = createPager(this.pages, this.rows, { id: 'showcase-pager' });
    this.pages.append(this.pager.el);
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
      this.pages,
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
    for (const key of ['projects', 'subprojects', 'completed', 'exceeded']) this.el.dataset[key] = String(toCount(totals[key]));
    this.el.dataset.year = String(year);
    setText(this.headline, projects.length ? headlineText(totals) : '暂无民生实事项目数据');
    // The figures change rarely (a new import): rebuild only when they did.
    const fingerprint = JSON.stringify([year, projects]);
    if (fingerprint === this.fingerprint) return;
    this.fingerprint = fingerprint;
    this.rows.replaceChildren(...projects.map((project) => projectRow(project, year)));
    requestAnimationFrame(() => this.layout());
  }

  layout() {
    this.pager.layout(Infinity);
  }

  destroy() {
    this.pager.destroy();
  }
}

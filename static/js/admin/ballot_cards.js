/** The desk's ballot cards: title, state, turnout, the actions of each state, exports. */

import { kindOf } from '../words.js';
import { h, scriptRoot } from './http.js';
import { currentScene } from './scene.js';
import { DISPLAY_NAMES, KIND_NAMES, STATE_NAMES, actWord, doneWord, setData, setText } from './words.js';

/** 实时监控 (open ballots) and 大屏显示此项 (every ballot past draft) under the turnout. */
function updateTools(card, ballot) {
  let tools = card.querySelector('.ballot-tools');
  if (!tools) {
    tools = h('div', { class: 'ballot-tools' });
    card.querySelector('.ballot-actions').before(tools);
  }
  const scene = `ballot:${ballot.id}`;
  const pinned = currentScene() === scene;
  const key = `${ballot.state}:${pinned}`;
  if (tools.dataset.key === key) return;
  tools.dataset.key = key;
  tools.hidden = ballot.state === 'draft';
  const monitor =
    ballot.state === 'open' &&
    h(
      'a',
      {
        class: 'btn btn-small monitor-link',
        'data-monitor-link': ballot.id,
        href: `${scriptRoot()}/admin/ballots/${encodeURIComponent(ballot.id)}/monitor`,
      },
      '实时监控',
    );
  const pin =
    ballot.state !== 'draft' &&
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-small btn-pin',
        'data-action': 'scene-ballot',
        'data-ballot-id': ballot.id,
        'data-scene': scene,
        'aria-pressed': String(pinned),
      },
      pinned ? '大屏正在显示此项' : '大屏显示此项',
    );
  tools.replaceChildren(...[monitor, pin].filter(Boolean));
}

function exportUrl(ballot, kind) {
  return `${scriptRoot()}/api/v1/admin/ballots/${encodeURIComponent(ballot.id)}/export.${kind}`;
}

/** 导出 CSV / 导出 Excel: plain links, the server answers them as downloads. */
export function exportLinks(ballot) {
  const link = (kind, text, what) =>
    h(
      'a',
      {
        class: 'btn btn-small btn-export',
        'data-export': kind,
        'data-ballot-id': ballot.id,
        download: true,
        href: exportUrl(ballot, kind),
        title: `下载「${ballot.title}」的结果（${what}）`,
      },
      text,
    );
  return h('span', { class: 'export-links' }, link('csv', '导出 CSV', 'CSV'), link('xlsx', '导出 Excel', 'Excel 工作簿'));
}

function turnoutPercent(turnout) {
  if (!turnout.present) return 0;
  return Math.min(100, Math.floor((100 * turnout.voted) / turnout.present));
}

function buildCard(ballot) {
  return h(
    'article',
    { class: 'ballot', 'data-ballot-id': ballot.id },
    h('header', { class: 'ballot-head' }, h('h3', { class: 'ballot-title' }), h('span', { class: 'state-pill' })),
    h('p', { class: 'ballot-meta' }),
    h(
      'div',
      { class: 'ballot-turnout' },
      h('div', { class: 'turnout-row' }, h('span', { class: 'turnout' }), h('span', { class: 'turnout-pct' })),
      h(
        'div',
        { class: 'bar', role: 'progressbar', 'aria-label': '投票进度', 'aria-valuemin': 0, 'aria-valuemax': 100 },
        h('span', { class: 'bar-fill' }),
      ),
    ),
    h('div', { class: 'ballot-actions' }),
  );
}

function metaParts(ballot) {
  const size = kindOf(ballot).has_places ? [`应选 ${ballot.places} 项`, `候选 ${ballot.items} 项`] : [`测评 ${ballot.items} 个项目`];
  // A re-vote says so first, and for how many of the tied projects.
  const kind = ballot.parent_id ? `重新票决（${ballot.items} 个并列项目）` : KIND_NAMES[ballot.kind] || ballot.kind;
  return [
    kind,
    ...size,
    ballot.secret ? '无记名' : '记名',
    DISPLAY_NAMES[ballot.display] || ballot.display,
  ];
}

/** Each ballot's link to its list: completed projects (测评) or candidate projects (票决). */
function updateLinks(card, ballot) {
  const [kind, path, text] =
    kindOf(ballot).items_from === 'projects'
      ? ['projects-link', '/admin/projects', '查看/导入已完成项目']
      : ['candidates-link', '/admin/candidates', '查看/导入候选项目'];
  let links = card.querySelector('.ballot-links');
  if (links && links.querySelector(`.${kind}`)) return;
  if (links) links.remove();
  links = h('p', { class: 'ballot-links' }, h('a', { class: kind, href: `${scriptRoot()}${path}` }, text));
  card.querySelector('.ballot-meta').after(links);
}

function buildActions(ballot) {
  const id = ballot.id;
  if (ballot.state === 'draft') {
    return [
      h(
        'label',
        { class: 'countdown-field admin-only' },
        h('span', { class: 'field-label' }, '倒计时（分钟，可不填）'),
        h('input', {
          class: 'field-input field-minutes',
          type: 'number',
          name: 'countdown_minutes',
          min: '0.5',
          max: '1440',
          step: '0.5',
          inputmode: 'decimal',
          placeholder: '不限时',
          'data-ballot-id': id,
        }),
      ),
      h('span', { class: 'actions-hint', hidden: true }, '须先结束正在进行的投票'),
      h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'open', 'data-ballot-id': id }, `开始${actWord(ballot)}`),
    ];
  }
  if (ballot.state === 'open') {
    const countdown = ballot.closes_at
      ? h(
          'span',
          { class: 'countdown', 'data-closes-at': ballot.closes_at },
          '剩余 ',
          h('b', { class: 'countdown-time' }, '--:--'),
          ' 后自动结束',
        )
      : h('span', { class: 'countdown countdown-none' }, '未设倒计时，需手动结束');
    return [
      countdown,
      h('button', { type: 'button', class: 'btn btn-stop', 'data-action': 'close', 'data-ballot-id': id }, `结束${actWord(ballot)}`),
    ];
  }
  if (ballot.state === 'closed') {
    return [
      exportLinks(ballot),
      h('span', { class: 'actions-hint' }, ballot.display === 'live' ? '大屏已显示结果' : '公布后大屏显示结果'),
      h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'publish', 'data-ballot-id': id }, '公布结果'),
    ];
  }
  if (ballot.state === 'void') return [exportLinks(ballot), h('button', { type: 'button', class: 'btn btn-done', disabled: true }, '已作废')];
  return [exportLinks(ballot), h('button', { type: 'button', class: 'btn btn-done', disabled: true }, '已公布')];
}

function updateCard(card, ballot, otherOpen) {
  if (ballot.parent_id) card.dataset.parentId = String(ballot.parent_id);
  setText(card.querySelector('.ballot-title'), ballot.title);
  const pill = card.querySelector('.state-pill');
  // A rating is 测评 on the desk, never 投票 (RULES.md "Words").
  setText(pill, ballot.state === 'open' ? `${actWord(ballot)}中` : STATE_NAMES[ballot.state] || ballot.state);
  setData(pill, 'state', ballot.state);

  const meta = card.querySelector('.ballot-meta');
  const parts = metaParts(ballot);
  if (meta.textContent !== parts.join('')) {
    const last = parts.length - 1;
    meta.replaceChildren(...parts.map((text, index) => h('span', index === last ? { class: 'ballot-display' } : {}, text)));
  }
  updateLinks(card, ballot);
  updateTools(card, ballot);

  const turnout = ballot.turnout;
  const percent = turnoutPercent(turnout);
  const done = doneWord(ballot);
  setText(card.querySelector('.turnout'), `${done} ${turnout.voted} / 实到 ${turnout.present}`);
  setText(card.querySelector('.turnout-pct'), `${percent}%`);
  const bar = card.querySelector('.bar');
  bar.setAttribute('aria-valuenow', String(percent));
  bar.firstElementChild.style.width = `${percent}%`;

  const closesAt = ballot.closes_at ? String(ballot.closes_at) : '';
  if (card.dataset.ballotState !== ballot.state || card.dataset.closesAt !== closesAt) {
    card.querySelector('.ballot-actions').replaceChildren(...buildActions(ballot));
    card.dataset.ballotState = ballot.state;
    card.dataset.closesAt = closesAt;
  }
  if (ballot.state === 'draft') {
    const start = card.querySelector('button[data-action="open"]');
    if (start) {
      start.disabled = otherOpen;
      if (otherOpen) start.title = '已有一项投票正在进行，请先结束它';
      else start.removeAttribute('title');
    }
    const hint = card.querySelector('.actions-hint');
    if (hint) hint.hidden = !otherOpen;
  }
}

/** The ballots in order, each re-vote placed right under the round it re-votes. */
function underParents(ballots) {
  const ids = new Set(ballots.map((ballot) => ballot.id));
  const children = new Map();
  for (const ballot of ballots) {
    if (!ballot.parent_id || !ids.has(ballot.parent_id)) continue;
    if (!children.has(ballot.parent_id)) children.set(ballot.parent_id, []);
    children.get(ballot.parent_id).push(ballot);
  }
  const ordered = [];
  const place = (ballot) => {
    ordered.push(ballot);
    (children.get(ballot.id) || []).forEach(place);
  };
  ballots.filter((ballot) => !ballot.parent_id || !ids.has(ballot.parent_id)).forEach(place);
  return ordered;
}

export function renderBallots(ballots) {
  const box = document.getElementById('ballots');
  if (!ballots.length) {
    if (!box.querySelector('.empty')) box.replaceChildren(h('p', { class: 'empty' }, '本次会议还没有投票。'));
    return;
  }
  box.querySelectorAll(':scope > .empty').forEach((element) => element.remove());
  const cards = new Map();
  box.querySelectorAll(':scope > .ballot').forEach((card) => cards.set(card.dataset.ballotId, card));
  const anyOpen = ballots.some((ballot) => ballot.state === 'open');

  let previous = null;
  for (const ballot of underParents(ballots)) {
    const key = String(ballot.id);
    const card = cards.get(key) || buildCard(ballot);
    cards.delete(key);
    updateCard(card, ballot, anyOpen && ballot.state !== 'open');
    const slot = previous ? previous.nextElementSibling : box.firstElementChild;
    if (card !== slot) box.insertBefore(card, slot);
    previous = card;
  }
  cards.forEach((stale) => stale.remove());
}

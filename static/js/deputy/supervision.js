/** The deputy's supervision page: the group's projects with their progress, a contact log per
 * project (一月一联系) and the deputy's findings on the group's inspections (半年一督查). */

import { request, setPageDeputy } from './api.js';
import { h, replace } from './dom.js';

const root = document.getElementById('supervision');

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function figure(value) {
  return value === null || value === undefined ? '—' : String(value);
}

function field(id, label, input) {
  return [h('label', { for: id }, label), input];
}

function form(id, fields, button, send) {
  const status = h('p', { class: 'sv-status', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, button);
  const element = h('form', { class: 'sv-form', id }, fields, submit, status);
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    const answer = await send(element);
    submit.disabled = false;
    status.dataset.kind = answer.ok ? 'ok' : 'error';
    status.textContent = answer.ok ? '已记录' : answer.message;
    if (answer.ok) await load();
  });
  return element;
}

function contactForm(project) {
  const id = `contact-${project.id}`;
  return form(
    id,
    [
      field(`${id}-on`, '联系日期', h('input', { id: `${id}-on`, name: 'contacted_on', type: 'date', value: today(), required: true })),
      field(`${id}-met`, '联系对象', h('input', { id: `${id}-met`, name: 'met', maxlength: 100, required: true })),
      field(`${id}-found`, '了解情况', h('textarea', { id: `${id}-found`, name: 'found', rows: 3, maxlength: 2000, required: true })),
    ],
    '记录联系',
    (element) =>
      request('POST', `/api/v1/me/supervision/projects/${project.id}/contacts`, {
        contacted_on: element.contacted_on.value,
        met: element.met.value,
        found: element.found.value,
      }),
  );
}

function projectCard(project) {
  const state = project.behind ? h('span', { class: 'sv-behind' }, ' · 滞后') : null;
  return h(
    'section',
    { class: 'sv-project', id: `project-${project.id}` },
    h('h2', null, project.name),
    h('p', { class: 'sv-meta' }, `${project.lead_department} · 完成率 ${project.percent}% · ${project.state}`, state),
    h(
      'ul',
      { class: 'sv-items' },
      project.items.map((item) =>
        h('li', null, `${item.name}：${figure(item.achieved)} / ${figure(item.target)}${item.unit}（${item.percent}%，${item.state}）`),
      ),
    ),
    h('h3', { class: 'sv-meta' }, `联系记录（${project.contacts.length}）`),
    project.contacts.map((c) => h('p', { class: 'sv-contact' }, `${c.contacted_on} ${c.met}：${c.found}`)),
    contactForm(project),
  );
}

function inspectionCard(inspection) {
  const id = `finding-${inspection.id}`;
  return h(
    'section',
    { class: 'sv-inspection', id: `inspection-${inspection.id}` },
    h('h2', null, `督查 ${inspection.held_on}`),
    h('p', { class: 'sv-meta' }, inspection.findings || '—'),
    inspection.deputy_findings.map((f) => h('p', { class: 'sv-contact' }, `${f.deputy}：${f.text}`)),
    form(
      id,
      field(`${id}-text`, '我的督查发现', h('textarea', { id: `${id}-text`, name: 'text', rows: 3, maxlength: 2000, required: true })),
      '提交发现',
      (element) => request('POST', `/api/v1/me/supervision/inspections/${inspection.id}/findings`, { text: element.text.value }),
    ),
  );
}

async function load() {
  const me = await request('GET', '/api/v1/me');
  if (!me.ok) {
    replace(root, h('section', { class: 'notice', role: 'alert' }, h('h1', null, '无法打开'), h('p', null, me.message)));
    root.setAttribute('aria-busy', 'false');
    return;
  }
  setPageDeputy(me.data.deputy.id);
  const answer = await request('GET', '/api/v1/me/supervision');
  root.setAttribute('aria-busy', 'false');
  if (!answer.ok) {
    replace(root, h('section', { class: 'notice', role: 'alert' }, h('p', null, answer.message)));
    return;
  }
  const data = answer.data;
  if (!data.group) {
    replace(root, h('section', { class: 'notice' }, h('h1', null, '监督'), h('p', { id: 'no-group' }, '您尚未编入监督组。')));
    return;
  }
  replace(
    root,
    h('h1', { class: 'sv-title' }, `${data.group.name}（组长：${data.group.leader}）`),
    data.projects.map(projectCard),
    data.inspections.map(inspectionCard),
    h('p', null, h('a', { href: '/phone', class: 'btn btn-secondary' }, '返回投票页面')),
  );
}

load();

/** The one element builder of every surface: pages are built from data, never from HTML strings. */

function appendAll(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendAll(parent, child);
    else if (typeof child === 'object') parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * h('button', {class: 'btn', dataset: {id: 3}, onclick: fn, 'aria-pressed': 'false'}, 'text', child)
 * null, undefined and false leave an attribute or a child out; arrays of children are flattened.
 */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  const given = attrs || {};
  for (const name of Object.keys(given)) {
    const value = given[name];
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'text') element.textContent = value;
    else if (typeof value === 'function' && name.slice(0, 2) === 'on') element.addEventListener(name.slice(2), value);
    // Through the CSSOM, which no Content-Security-Policy refuses (style attributes in text are
    // allowed only where browsers know style-src-attr).
    else if (name === 'style') element.style.cssText = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  appendAll(element, children);
  return element;
}

/** Replace everything inside `element` (replaceChildren is too new for older WebViews). */
export function replace(element, ...children) {
  while (element.firstChild) element.removeChild(element.firstChild);
  appendAll(element, children);
}

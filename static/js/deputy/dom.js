/** The phone's DOM helpers: the shared element builder (static/js/shared/dom.js). */

export { h, replace } from '../shared/dom.js';

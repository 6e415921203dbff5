// Helpers shared by the page's scripts. These files run, concatenated in the order ui.py lists them, as the body of
// Gradio's js_on_load(element, trigger, props, server, upload, watch): `element` is the app's root, `props.config`
// holds the interface strings and limits, and `trigger('act', request)` reaches the server (ui_actions.py).
// Text from users, answers and the index is only ever set with textContent: nothing they contain becomes markup.
const CONFIG = props.config;
const LIMITS = CONFIG.limits;
const $ = (sel) => element.querySelector(sel);
const $$ = (sel) => Array.from(element.querySelectorAll(sel));
const state = { lang: 'zh', edition: '', editions: [], tagline: {}, busy: false };

function t(key, vars) {
  const table = CONFIG.strings[state.lang] || CONFIG.strings.zh;
  let s = table.text[key] ?? CONFIG.strings.zh.text[key] ?? key;
  for (const [k, v] of Object.entries(vars || {})) s = s.split('{' + k + '}').join(String(v));
  return s;
}

// el('button', {class: 'x', text: '…', on: {click: fn}, aria: {label: '…'}, data: {k: v}}, child, …)
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (k === 'data') for (const [dk, dv] of Object.entries(v)) node.dataset[dk] = dv;
    else if (k === 'aria') for (const [ak, av] of Object.entries(v)) node.setAttribute('aria-' + ak, av);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

// Line icons drawn here, so no emoji font is needed (paths after the ISC-licensed Lucide set)
const ICONS = {
  up: '<path d="M7 10v12"/><path d="M15 5.9 14 10h5.8a2 2 0 0 1 1.9 2.6l-2.3 8A2 2 0 0 1 17.4 22H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.8a2 2 0 0 0 1.8-1.1L12 2a3.1 3.1 0 0 1 3 3.9Z"/>',
  down: '<path d="M17 14V2"/><path d="M9 18.1 10 14H4.2a2 2 0 0 1-1.9-2.6l2.3-8A2 2 0 0 1 6.6 2H20a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-2.8a2 2 0 0 0-1.8 1.1L12 22a3.1 3.1 0 0 1-3-3.9Z"/>',
  copy: '<rect x="8" y="8" width="14" height="14" rx="2"/><path d="M4 16c-1.1 0-2-.9-2-2V4c0-1.1.9-2 2-2h10c1.1 0 2 .9 2 2"/>',
  redo: '<path d="M21 12a9 9 0 1 1-3-6.7L21 8"/><path d="M21 3v5h-5"/>',
  info: '<circle cx="12" cy="12" r="10"/><path d="M12 16v-4"/><path d="M12 8h.01"/>',
  send: '<path d="m22 2-7 20-4-9-9-4Z"/><path d="M22 2 11 13"/>',
  plus: '<path d="M12 5v14"/><path d="M5 12h14"/>',
  history: '<path d="M3 12a9 9 0 1 0 9-9 9.8 9.8 0 0 0-6.7 2.7L3 8"/><path d="M3 3v5h5"/><path d="M12 7v5l4 2"/>',
  book: '<path d="M2 4h6a4 4 0 0 1 4 4v13a3 3 0 0 0-3-3H2z"/><path d="M22 4h-6a4 4 0 0 0-4 4v13a3 3 0 0 1 3-3h7z"/>',
  close: '<path d="M18 6 6 18"/><path d="m6 6 12 12"/>',
  trash: '<path d="M3 6h18"/><path d="M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6"/><path d="M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2"/>',
};

function icon(name) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.innerHTML = ICONS[name];  // constant markup above, never user text
  return svg;
}

function iconButton(name, label, onClick, extra) {
  return el('button', { type: 'button', class: 'g-act', title: label, aria: { label }, on: { click: onClick }, ...extra },
            icon(name));
}

function toast(kind, message) {
  // the same message again replaces the one shown rather than piling up; each can be dismissed at once
  for (const old of $$('.g-toast')) if (old.dataset.says === kind + message) old.remove();
  const box = el('div', { class: 'g-toast g-' + kind, role: kind === 'error' ? 'alert' : 'status', data: { says: kind + message } },
                 el('strong', { text: t('toast_' + kind) }), el('span', { text: message }),
                 el('button', { type: 'button', class: 'g-toast-close', text: '×', aria: { label: t('close') },
                                on: { click: () => box.remove() } }));
  $('#g-toasts').append(box);
  setTimeout(() => box.remove(), kind === 'error' ? 9000 : 4500);
}

// One request at a time: each reply comes back through the `reply` prop, matched by its sequence number.
const pending = new Map();
let seq = 0;
let chain = Promise.resolve();
const REPLY_TIMEOUT_MS = 120000;
watch('reply', () => {
  const r = props.reply;
  if (r && pending.has(r.seq)) { pending.get(r.seq)(r); pending.delete(r.seq); }
});

// Gradio reports a failed event (a server error, a dropped connection) with a toast of its own and never replies:
// every request still waiting fails at once, so nothing waits for the timeout and the question goes back in the box
function failPending() {
  for (const [n, resolve] of pending) resolve({ seq: n, ok: false, error: t('error_generic') });
  pending.clear();
}
new MutationObserver(() => {
  if (pending.size && document.querySelector('.toast-body.error')) failPending();
}).observe(document.body, { childList: true, subtree: true });

function call(op, args) {
  const run = () => new Promise((resolve) => {
    const n = ++seq;
    pending.set(n, resolve);
    trigger('act', { op, seq: n, lang: state.lang, args: args || {} });
    setTimeout(() => {
      if (pending.has(n)) { pending.delete(n); resolve({ seq: n, ok: false, error: t('error_generic') }); }
    }, REPLY_TIMEOUT_MS);
  });
  const p = chain.then(run);
  chain = p;
  return p;
}

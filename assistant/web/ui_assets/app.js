// What the controls do, and start-up. Every question is sent with the conversation so far and the edition filter.
const question = $('#g-question');
const phone = window.matchMedia('(max-width: 760px)');

async function ask(text, edition) {
  const q = (text || '').trim();
  if (!q) { toast('note', t('empty_question')); question.focus(); return; }
  if (state.busy) { toast('note', t('error_busy')); return; }
  if (q.length > LIMITS.max_question_chars) {
    toast('error', t('too_long', { max: LIMITS.max_question_chars, over: q.length - LIMITS.max_question_chars }));
    return;
  }
  Store.keepAsked(q);  // until it is answered: a reload meanwhile puts it back in the box
  const conv = Store.conv() || Store.start(q);
  const turn = { q, edition: edition === undefined ? state.edition : edition, a: null, rating: 0, comment: '', next: null };
  conv.turns.push(turn);
  const i = conv.turns.length - 1;
  if (question.value.trim() === q) { question.value = ''; updateCounter(); }
  closeSheets();
  await answer(conv, i);
}

// `before`: the turn as it was, when it is being answered again (a failure puts it back)
async function answer(conv, i, before) {
  const turn = conv.turns[i];
  const history = historyOf(conv, i);
  setBusy(true);
  renderLog(i);
  const r = await call('ask', { question: turn.q, history, edition: turn.edition || null });
  setBusy(false);
  Store.keepAsked(null);
  if (!r.ok) {  // nothing is lost: the earlier answer stays, or the question goes back into the box
    if (before) Object.assign(turn, before);
    else {
      conv.turns.splice(i, 1);
      if (!conv.turns.length) Store.remove(conv.id);
      if (!question.value) { question.value = turn.q; updateCounter(); }
    }
    renderLog();
    toast('error', r.error);
    return;
  }
  turn.a = r.data;
  Store.touch(conv);
  renderLog(i);
  renderConversations();
  const s = await call('suggest', { question: turn.q, history, edition: turn.edition || null,
    answer: { answerable: turn.a.answerable, citations: turn.a.citations, suggestions: turn.a.suggestions } });
  if (s.ok && conv.turns[i] === turn) {
    turn.next = s.data;
    Store.save();
    if (Store.conv() === conv && i === conv.turns.length - 1) {
      const log = $('#g-log');
      const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
      const box = suggestions(turn);
      if (box) { log.append(box); if (atBottom) log.scrollTop = log.scrollHeight; }
    }
  }
}

function regenerate(i) {
  const conv = Store.conv();
  if (!conv || state.busy) return;
  const before = { ...conv.turns[i] };
  Object.assign(conv.turns[i], { a: null, rating: 0, comment: '', next: null });
  answer(conv, i, before);
}

async function rate(i, rating) {
  const turn = Store.conv().turns[i];
  if (!turn.a.id) { toast('note', t('not_logged')); return; }
  const r = await call('rate', { id: turn.a.id, rating });
  if (!r.ok) { toast('error', r.error); return; }
  Object.assign(turn, { rating, comment: '' });
  Store.save();
  renderLog(i);
  toast('done', t(rating > 0 ? 'rated_up' : 'rated_down'));
  const box = $(`[data-turn="${i}"] .g-comment input`);
  if (box && rating < 0) box.focus();
}

async function sendComment(i, text) {
  const turn = Store.conv().turns[i];
  if (!text.trim()) return;
  const r = await call('rate', { id: turn.a.id, rating: turn.rating, comment: text });
  if (!r.ok) { toast('error', r.error); return; }
  turn.comment = text;
  Store.save();
  renderLog(i);
  toast('done', t('comment_saved'));
}

async function copyAnswer(a) {
  try {
    await navigator.clipboard.writeText(a.answer);
    toast('done', t('copied'));
  } catch (e) {
    toast('error', t('copy_failed'));
  }
}

// ---------------------------------------------------------------- source panel / sheet
function showTab(name) {
  for (const b of $$('.g-tab-btn')) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  $('#g-source').hidden = name !== 'source';
  $('#g-browse').hidden = name !== 'browse';
}

let sheetOpener = null;  // what opened the sheet: focus goes back there when it closes, not to the page

// On a phone the source is a modal sheet: what it covers is inert, so the keyboard stays in it until it closes
function setModal(on) {
  const side = $('#g-side');
  if (on) {
    side.setAttribute('role', 'dialog');
    side.setAttribute('aria-modal', 'true');
    side.setAttribute('aria-label', t('source_tab'));
  } else {
    for (const a of ['role', 'aria-modal', 'aria-label']) side.removeAttribute(a);
  }
  for (const node of [$('.g-top'), $('.g-chat')]) node.inert = on;
}

// (and Tab goes round inside it: the page around the app, Gradio's footer, is not ours to make inert)
document.addEventListener('keydown', (e) => {
  const side = $('#g-side');
  if (e.key !== 'Tab' || side.getAttribute('aria-modal') !== 'true') return;
  const stops = Array.from(side.querySelectorAll('button, select, a[href], [tabindex]:not([tabindex="-1"])'))
    .filter((n) => !n.disabled && n.offsetParent !== null);
  if (!stops.length) return;
  const at = stops.indexOf(document.activeElement);
  const next = e.shiftKey ? (at <= 0 ? stops.length - 1 : at - 1) : (at === -1 || at === stops.length - 1 ? 0 : at + 1);
  e.preventDefault();
  stops[next].focus();
});

function openSheet() {
  if (!phone.matches) return;
  sheetOpener = document.activeElement;
  $('#g-side').classList.add('g-open');
  $('#g-backdrop').hidden = false;
  setModal(true);
  requestAnimationFrame(() => $('#g-side-close').focus({ preventScroll: true }));
}

function closeSheets() {
  const wasOpen = $('#g-side').classList.contains('g-open');
  setModal(false);
  $('#g-side').classList.remove('g-open');
  $('#g-convs').hidden = true;
  $('#g-convs-btn').setAttribute('aria-expanded', 'false');
  $('#g-backdrop').hidden = true;
  if (wasOpen && sheetOpener && document.contains(sheetOpener)) sheetOpener.focus({ preventScroll: true });
  sheetOpener = null;
}

function sourceHint() { $('#g-source').replaceChildren(el('p', { class: 'g-hint', text: t('source_hint') })); }

async function openCitation(i, marker, chip) {
  const turn = Store.conv().turns[i];
  const citation = turn.a.citations.find((c) => c.marker === marker);
  const r = await call('source', { citation });
  if (!r.ok) { toast('error', r.error); return; }
  for (const c of $$('.g-cite.g-active')) c.classList.remove('g-active');
  if (chip) chip.classList.add('g-active');
  const pane = $('#g-source');
  pane.innerHTML = r.data.html;  // built by source_view.py, where every text is escaped
  if (r.data.moved) pane.prepend(el('p', { class: 'g-moved', text: t('source_moved') }));
  showTab('source');
  openSheet();
  const mark = pane.querySelector('mark');
  if (mark) pane.scrollTop = Math.max(0, mark.offsetTop - pane.offsetTop - pane.clientHeight / 3);
}

// ---------------------------------------------------------------- guideline browser
function fillSelect(select, options, value) {
  select.replaceChildren(...options.map(([v, label]) => el('option', { value: v, text: label })));
  if (value !== undefined) select.value = value;
}

function browseEditions() {
  const ed = $('#g-browse-edition');
  const keep = ed.value;
  fillSelect(ed, state.editions.map((e) => [e.id, e.name[state.lang] || e.label]));
  if (keep && state.editions.some((e) => e.id === keep)) ed.value = keep;
  browseDomains();
}

function browseDomains() {
  const edition = state.editions.find((e) => e.id === $('#g-browse-edition').value);
  fillSelect($('#g-browse-domain'), (edition ? edition.domains : []).map((d, n) => [String(n), `${d.number}. ${d.name}`]));
  browseDirections();
}

function browseDirections() {
  const edition = state.editions.find((e) => e.id === $('#g-browse-edition').value);
  const domain = edition ? edition.domains[Number($('#g-browse-domain').value)] : null;
  fillSelect($('#g-browse-direction'), (domain ? domain.directions : []).map((d) => [d.number, `${d.number} ${d.title}`]));
  browseShow();
}

async function browseShow() {
  const number = $('#g-browse-direction').value;
  if (!number) { $('#g-browse-view').replaceChildren(); return; }
  const r = await call('direction', { document: $('#g-browse-edition').value, number });
  if (r.ok) $('#g-browse-view').innerHTML = r.data.html;  // escaped by source_view.py
  else toast('error', r.error);
}

// ---------------------------------------------------------------- question box, editions, language
function updateCounter() {
  const n = question.value.length;
  const max = LIMITS.max_question_chars;
  const box = $('#g-counter');
  box.textContent = n >= max * 0.8 ? t('counter', { n: n.toLocaleString(), max: max.toLocaleString() }) : '';
  box.classList.toggle('g-over', n > max);
  question.style.height = 'auto';
  question.style.height = Math.min(question.scrollHeight + 2, 160) + 'px';
}

function setBusy(busy) {
  state.busy = busy;
  $('#g-send').disabled = busy;
}

function renderEditions() {
  const box = $('#g-editions');
  const options = [['', t('edition_all')], ...state.editions.map((e) => [e.label, e.label])];
  box.setAttribute('aria-label', t('edition_label'));
  box.replaceChildren(...options.map(([value, label]) => el('button', {
    type: 'button', role: 'radio', aria: { checked: String(value === state.edition) }, data: { edition: value },
    text: label, on: { click: () => { state.edition = value; Store.savePrefs(); renderEditions(); } } })));
}

function applyLanguage() {
  document.documentElement.lang = t('html_lang');
  for (const node of $$('[data-t]')) node.textContent = t(node.dataset.t);
  for (const node of $$('[data-t-aria]')) { node.setAttribute('aria-label', t(node.dataset.tAria)); node.title = t(node.dataset.tAria); }
  for (const node of $$('[data-t-placeholder]')) node.placeholder = t(node.dataset.tPlaceholder);
  for (const b of $$('.g-lang button')) b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  document.title = t('title');
  renderEditions();
  renderLog();
  renderConversations();
  if ($('#g-source .g-hint') || !$('#g-source').childElementCount) sourceHint();
  if (state.editions.length) browseEditions();
  updateCounter();
}

function openConversation(id) {
  Store.current = id;
  Store.savePrefs();
  closeSheets();
  sourceHint();
  renderConversations();
  renderLog();
}

function newConversation() {
  Store.current = null;
  Store.savePrefs();
  closeSheets();
  sourceHint();
  renderConversations();
  renderLog();
  question.value = '';
  updateCounter();
  question.focus();
}

// ---------------------------------------------------------------- start-up
for (const node of $$('[data-icon]')) node.prepend(icon(node.dataset.icon));
const prefs = Store.load();
state.lang = Object.keys(CONFIG.strings).includes(prefs.lang) ? prefs.lang : Object.keys(CONFIG.strings)[0];
const wanted = new URLSearchParams(window.location.search).get('lang');
if (wanted && CONFIG.strings[wanted]) state.lang = wanted;
state.edition = typeof prefs.edition === 'string' ? prefs.edition : '';

$('#g-ask').addEventListener('submit', (e) => { e.preventDefault(); ask(question.value); });
question.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); ask(question.value); }
});
question.addEventListener('input', updateCounter);
$('#g-new').addEventListener('click', newConversation);
$('#g-convs-btn').addEventListener('click', () => {
  const open = $('#g-convs').hidden;
  closeSheets();
  if (open) {
    renderConversations();
    $('#g-convs').hidden = false;
    $('#g-backdrop').hidden = false;
    $('#g-convs-btn').setAttribute('aria-expanded', 'true');
  }
});
$('#g-convs-close').addEventListener('click', closeSheets);
$('#g-side-close').addEventListener('click', closeSheets);
$('#g-backdrop').addEventListener('click', closeSheets);
$('#g-panel-btn').addEventListener('click', () => { showTab('browse'); openSheet(); });
element.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeSheets(); });
for (const b of $$('.g-tab-btn')) b.addEventListener('click', () => showTab(b.dataset.tab));
for (const b of $$('.g-lang button')) b.addEventListener('click', () => { state.lang = b.dataset.lang; Store.savePrefs(); applyLanguage(); });
$('#g-browse-edition').addEventListener('change', browseDomains);
$('#g-browse-domain').addEventListener('change', browseDirections);
$('#g-browse-direction').addEventListener('change', browseShow);

applyLanguage();
const unanswered = Store.asked();  // a reload while a question was being answered
if (unanswered && !question.value) { question.value = unanswered; updateCounter(); }
Store.keepAsked(null);
call('init').then((r) => {
  if (!r.ok) { toast('error', r.error); return; }
  state.editions = r.data.editions;
  state.tagline = r.data.tagline;
  if (state.edition && !state.editions.some((e) => e.label === state.edition)) state.edition = '';
  applyLanguage();
  $('#g-app').dataset.ready = '1';  // the browser tests wait for this
});

// The conversation as DOM: questions as typed (plain text), answers as plain text with their citation markers
// turned into buttons, the actions under every answer, and suggested questions under the last one.
function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

function withChips(line, turnIndex, markers) {
  if (!markers.length) return [line];
  const re = new RegExp('(' + markers.map(escapeRegExp).join('|') + ')', 'g');
  return line.split(re).filter((part) => part !== '').map((part) => (markers.includes(part)
    ? el('button', { type: 'button', class: 'g-cite', data: { marker: part, turn: String(turnIndex) },
                     aria: { label: t('citation_open', { marker: part }) },
                     on: { click: (e) => openCitation(turnIndex, part, e.currentTarget) } }, part.slice(1, -1))
    : part));
}

// The first line is the answer's lead; "- " lines are the quoted items
function answerBody(a, turnIndex) {
  const markers = [...new Set((a.citations || []).map((c) => c.marker))].sort((x, y) => y.length - x.length);
  const body = el('div', { class: 'g-answer' });
  let list = null;
  a.answer.split('\n').forEach((line, n) => {
    if (!line.trim()) return;
    if (line.startsWith('- ')) {
      if (!list) { list = el('ul'); body.append(list); }
      list.append(el('li', {}, ...withChips(line.slice(2), turnIndex, markers)));
      return;
    }
    list = null;
    body.append(el('p', { class: n === 0 ? 'g-lead' : null }, ...withChips(line, turnIndex, markers)));
  });
  return body;
}

function userMessage(turn) {
  const tag = turn.edition ? el('span', { class: 'g-tag', text: t('edition_label') + ' ' + turn.edition }) : null;
  return el('div', { class: 'g-msg g-user' }, tag, el('div', { class: 'g-bubble', text: turn.q }));
}

function metaLine(a) {
  const mode = t('mode_' + a.mode) === 'mode_' + a.mode ? a.mode : t('mode_' + a.mode);
  return t('meta_line', { mode, ms: Math.round(a.latency_ms), id: a.id ?? '–' });
}

function answerMessage(turn, i, isLast) {
  if (!turn.a) return el('div', { class: 'g-msg g-bot g-pending', role: 'status', text: t('thinking') });
  const a = turn.a;
  const actions = el('div', { class: 'g-actions' },
    iconButton('up', t('helpful'), () => rate(i, 1), { class: 'g-act g-rate-up', aria: { label: t('helpful'), pressed: String(turn.rating === 1) } }),
    iconButton('down', t('not_helpful'), () => rate(i, -1), { class: 'g-act g-rate-down', aria: { label: t('not_helpful'), pressed: String(turn.rating === -1) } }),
    iconButton('copy', t('copy'), () => copyAnswer(a), { class: 'g-act g-copy' }),
    isLast ? iconButton('redo', t('regenerate'), () => regenerate(i), { class: 'g-act g-regenerate' }) : null,
    el('details', { class: 'g-meta' },
      el('summary', { title: t('details'), aria: { label: t('details') } }, icon('info')),
      el('span', { class: 'g-meta-line', text: metaLine(a) })));
  let comment = null;
  if (turn.rating && !turn.comment) {
    const input = el('input', { type: 'text', maxlength: '4000', placeholder: t('comment_placeholder'),
                                aria: { label: t('comment_placeholder') } });
    comment = el('form', { class: 'g-comment', on: { submit: (e) => { e.preventDefault(); sendComment(i, input.value); } } },
                  input, el('button', { type: 'submit', class: 'g-btn', text: t('comment_send') }));
  }
  return el('article', { class: 'g-msg g-bot' + (a.answerable ? '' : ' g-refused'), data: { turn: String(i), answerId: String(a.id ?? '') } },
    a.answerable ? null : el('span', { class: 'g-badge', text: t('not_answered') }),
    answerBody(a, i), actions, comment);
}

function suggestions(turn) {
  if (!turn.next || !turn.next.length) return null;
  return el('section', { class: 'g-suggest', aria: { label: t('suggestions_title') } },
    el('h3', { text: t('suggestions_title') }),
    el('div', { class: 'g-chips' }, ...turn.next.map((s) => el('button', {
      type: 'button', class: 'g-chip', title: s.question, text: s.label,
      on: { click: () => ask(s.question, s.edition) } }))));
}

function emptyState() {
  const examples = CONFIG.strings[state.lang].examples;
  return el('div', { class: 'g-empty' },
    el('p', { class: 'g-intro', text: state.tagline[state.lang] || '' }),
    el('h2', { text: t('examples_title') }),
    el('div', { class: 'g-chips g-examples' }, ...examples.map((q) => el('button', {
      type: 'button', class: 'g-chip', text: q, on: { click: () => ask(q) } }))));
}

function renderLog(scrollTo) {
  const log = $('#g-log');
  const conv = Store.conv();
  log.replaceChildren();
  if (!conv || !conv.turns.length) { log.append(emptyState()); return; }
  conv.turns.forEach((turn, i) => {
    const last = i === conv.turns.length - 1;
    log.append(userMessage(turn), answerMessage(turn, i, last));
    if (last) { const s = suggestions(turn); if (s) log.append(s); }
  });
  const target = scrollTo === undefined ? null : log.querySelector(`[data-turn="${scrollTo}"]`);
  if (target) log.scrollTop = target.offsetTop - log.offsetTop - 60;
  else log.scrollTop = log.scrollHeight;
}

function renderConversations() {
  const list = $('#g-conv-list');
  list.replaceChildren();
  if (!Store.convs.length) { list.append(el('li', { class: 'g-none', text: t('no_conversations') })); return; }
  const fmt = new Intl.DateTimeFormat(t('html_lang'), { dateStyle: 'short', timeStyle: 'short' });
  for (const c of Store.convs) {
    list.append(el('li', { class: c.id === Store.current ? 'g-current' : null, data: { conv: c.id } },
      el('button', { type: 'button', class: 'g-conv-open', on: { click: () => openConversation(c.id) } },
        el('span', { text: c.title }), el('small', { text: fmt.format(new Date(c.updated)) })),
      iconButton('trash', t('delete_conversation'), () => { Store.remove(c.id); renderConversations(); renderLog(); },
                 { class: 'g-act g-conv-delete' })));
  }
}

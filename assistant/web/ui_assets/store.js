// Conversations and preferences, kept only in this browser (localStorage). A conversation is
// {id, title, updated, turns: [{q, edition, a, rating, comment, next}]}: `a` is the answer object the server sent
// (null while it is coming), `next` the suggested questions, `rating` 1/-1/0.
const KEY_CONVS = 'guide.v1.conversations';
const KEY_PREFS = 'guide.v1.prefs';
const KEY_ASKED = 'guide.v1.asked';  // the question being answered, until its answer arrives
const MAX_CONVS = 40;

const Store = {
  convs: [],
  current: null,  // id of the conversation shown; null = a new one, created by its first question

  load() {
    try { this.convs = JSON.parse(localStorage.getItem(KEY_CONVS) || '[]'); } catch (e) { this.convs = []; }
    if (!Array.isArray(this.convs)) this.convs = [];
    this.convs = this.convs.filter((c) => c && typeof c.id === 'string' && Array.isArray(c.turns));
    for (const c of this.convs) c.turns = c.turns.filter((turn) => turn && turn.a);  // (one cut off by a reload)
    let prefs = {};
    try { prefs = JSON.parse(localStorage.getItem(KEY_PREFS) || '{}') || {}; } catch (e) { prefs = {}; }
    this.current = this.convs.some((c) => c.id === prefs.current) ? prefs.current : null;
    return prefs;
  },

  savePrefs() {
    const prefs = { lang: state.lang, edition: state.edition, current: this.current };
    try { localStorage.setItem(KEY_PREFS, JSON.stringify(prefs)); } catch (e) { /* prefs are a convenience */ }
  },

  save() {
    this.convs.sort((a, b) => b.updated - a.updated);
    this.convs = this.convs.slice(0, MAX_CONVS);
    for (;;) {
      try {
        localStorage.setItem(KEY_CONVS, JSON.stringify(this.convs));
        break;
      } catch (e) {  // quota: drop the oldest conversation other than this one and try again
        const victim = this.convs.map((c) => c.id).reverse().find((id) => id !== this.current);
        if (!victim) { toast('error', t('save_failed')); break; }
        this.convs = this.convs.filter((c) => c.id !== victim);
      }
    }
    this.savePrefs();
  },

  keepAsked(question) {
    try {
      if (question) localStorage.setItem(KEY_ASKED, question); else localStorage.removeItem(KEY_ASKED);
    } catch (e) { /* a convenience, like the prefs */ }
  },

  asked() {
    try { return localStorage.getItem(KEY_ASKED) || ''; } catch (e) { return ''; }
  },

  conv() { return this.convs.find((c) => c.id === this.current) || null; },

  start(question) {
    const c = { id: 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 7),
                title: question.slice(0, 60), updated: Date.now(), turns: [] };
    this.convs.unshift(c);
    this.current = c.id;
    return c;
  },

  touch(c) { c.updated = Date.now(); this.save(); },

  remove(id) {
    this.convs = this.convs.filter((c) => c.id !== id);
    if (this.current === id) this.current = null;
    this.save();
  },
};

// The turns before `upto`, as the history the server reads a follow-up from (it applies its own limits too)
function historyOf(conv, upto) {
  const out = [];
  for (const turn of conv.turns.slice(0, upto)) {
    if (!turn.a) continue;
    out.push({ role: 'user', content: turn.q });
    out.push({ role: 'assistant', content: turn.a.answer.slice(0, LIMITS.max_history_turn_chars) });
  }
  return out.slice(-LIMITS.max_history_turns);
}

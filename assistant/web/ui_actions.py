"""What the chat page can ask the server to do, as plain functions over JSON: the browser test's contract.

The page (ui_assets/*.js) sends one request at a time, `{"op", "seq", "lang", "args"}`, through a private Gradio
event; the reply is `{"seq", "ok": true, "data"}` or `{"seq", "ok": false, "error"}` with the error in the
interface language. Everything in a request is untrusted: types are checked here, keys are looked up in the index.
Conversations live in the browser; the server keeps only the answer log (feedback.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pydantic import ValidationError

from assistant.core.errors import AssistantError, BadQuestion
from assistant.core.settings import Settings
from assistant.core.types import Citation
from assistant.web.feedback import FeedbackStore
from assistant.web.live import LiveAssistant
from assistant.web.serialize import answer_to_json
from assistant.web.source_view import citation_html, direction_html, locate
from assistant.web.ui_strings import LANGUAGES, UiStrings
from assistant.web.ui_suggest import Asked, next_questions

log = logging.getLogger(__name__)


def _text(args: dict, key: str, default: str | None = None) -> str:
    value = args.get(key, default)
    if not isinstance(value, str):
        raise BadQuestion(f"{key} must be text")
    return value


def _edition(args: dict) -> str | None:
    value = args.get("edition")
    if value is None or value == "":
        return None
    return _text(args, "edition")


class UiActions:
    def __init__(self, live: LiveAssistant, store: FeedbackStore, settings: Settings,
                 strings: dict[str, UiStrings]) -> None:
        self.live, self.store, self.settings, self.strings = live, store, settings, strings
        self.ops: dict[str, Callable[[dict, UiStrings], object]] = {
            "init": self.init, "ask": self.ask, "suggest": self.suggest, "rate": self.rate,
            "source": self.source, "direction": self.direction}

    def dispatch(self, request: object) -> dict:
        request = request if isinstance(request, dict) else {}
        seq = request.get("seq") if isinstance(request.get("seq"), int) else 0
        lang = request.get("lang") if request.get("lang") in LANGUAGES else LANGUAGES[0]
        s = self.strings[lang]
        op, args = self.ops.get(request.get("op")), request.get("args")
        if op is None or not isinstance(args, dict):
            return {"seq": seq, "ok": False, "error": s.get("error_generic")}
        try:
            return {"seq": seq, "ok": True, "data": op(args, s)}
        except AssistantError as e:  # a question too long, an unknown edition, a full disk: says what to do
            return {"seq": seq, "ok": False, "error": e.said_in(lang)}
        except Exception:  # noqa: BLE001 - the page shows a message, the log keeps the trace
            log.exception("UI request %r failed", request.get("op"))
            return {"seq": seq, "ok": False, "error": s.get("error_generic")}

    # ------------------------------------------------------------------ ops
    def init(self, args: dict, s: UiStrings) -> dict:
        """The editions and their directions for the browser, and the first screen's line in every language."""
        docs = self.live.get().documents
        editions = [{"id": d.edition.id, "label": d.edition.label,
                     "name": {lang: d.edition.display(lang) for lang in LANGUAGES},
                     "domains": [{"number": dom.number, "name": dom.name,
                                  "directions": [{"number": x.number, "title": x.title} for x in dom.directions]}
                                 for dom in d.domains]} for d in docs]
        programmes = list(dict.fromkeys(d.edition.programme for d in docs if d.edition.programme))
        tagline = {lang: st.get("tagline", programme="、".join(programmes),
                                editions=_listing(st, [d.edition.display(lang) for d in docs]))
                   for lang, st in self.strings.items()}
        return {"editions": editions, "tagline": tagline, "index": self.live.get().index.info.id}

    def ask(self, args: dict, s: UiStrings) -> dict:
        answer = self.live.get().ask(_text(args, "question"), history=self.history(args.get("history")),
                                     edition=_edition(args))
        return answer_to_json(answer, id=self.store.log(answer, "ui"))

    def history(self, turns: object) -> list[dict]:
        """The turns a follow-up may use. A user turn too long for the limit is dropped with its answer (an
        earlier long question must not make every later one fail); the pipeline applies the other limits."""
        if not isinstance(turns, list):
            return []
        kept: list[dict] = []
        too_long = False
        for t in turns:
            role, content = (t.get("role"), t.get("content")) if isinstance(t, dict) else (None, None)
            if role not in ("user", "assistant") or not isinstance(content, str):
                continue
            if role == "user":
                too_long = len(content) > self.settings.max_history_turn_chars
            if not too_long:  # a question too long to keep is left out, and so is its answer
                kept.append({"role": role, "content": content})
        return kept[-self.settings.max_history_turns:] if self.settings.max_history_turns else []

    def suggest(self, args: dict, s: UiStrings) -> list[dict]:
        answer = args.get("answer") if isinstance(args.get("answer"), dict) else {}
        cited = [(c["document"], c.get("direction"), c.get("section", "")) for c in answer.get("citations") or []
                 if isinstance(c, dict) and isinstance(c.get("document"), str)
                 and isinstance(c.get("direction"), (str, type(None))) and isinstance(c.get("section", ""), str)]
        related = [(r["edition"], r["direction"]) for r in answer.get("suggestions") or []
                   if isinstance(r, dict) and isinstance(r.get("edition"), str) and isinstance(r.get("direction"), str)]
        asked = Asked(_text(args, "question"), self.history(args.get("history")), _edition(args),
                      answer.get("answerable") is True, cited, related)
        return next_questions(self.live.get(), s, asked, self.settings.max_suggestions)

    def rate(self, args: dict, s: UiStrings) -> dict:
        answer_id, rating = args.get("id"), args.get("rating")
        if not isinstance(answer_id, int) or isinstance(answer_id, bool) or answer_id < 1:
            raise BadQuestion(s.get("not_logged"))
        if rating not in (1, -1) or isinstance(rating, bool):
            raise BadQuestion("rating must be 1 or -1")
        return {"feedback_id": self.store.rate(answer_id, rating, _text(args, "comment", ""))}

    def source(self, args: dict, s: UiStrings) -> dict:
        """The cited passage with the quote marked; `moved` when the index changed and the quote is not there."""
        try:
            c = Citation.model_validate(args.get("citation"))
        except ValidationError:
            raise BadQuestion("citation: send one of the answer's citation objects") from None
        assistant = self.live.get()
        docs = {d.edition.id: d for d in assistant.documents}
        if c.document not in docs:
            raise BadQuestion(s.get("source_moved"))
        found = locate(docs[c.document], c)
        if found is not None:
            return {"html": citation_html(docs, assistant.index.directions, found), "moved": False}
        d = assistant.index.directions.get(f"{c.document}:{c.direction}") if c.direction else None
        if d is None:
            raise BadQuestion(s.get("source_moved"))
        return {"html": direction_html(docs[c.document], d), "moved": True}

    def direction(self, args: dict, s: UiStrings) -> dict:
        assistant = self.live.get()
        doc_id, number = _text(args, "document"), _text(args, "number")
        d = assistant.index.directions.get(f"{doc_id}:{number}")
        if d is None:
            raise BadQuestion(s.get("source_moved"))
        return {"html": direction_html(assistant.index.document[doc_id], d)}


def _listing(s: UiStrings, names: list[str]) -> str:
    """"A、B和C" / "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return s.get("list_sep").join(names[:-1]) + s.get("list_and") + names[-1]

"""/staff: the help desk's daily view of what the guidelines fail to answer, from the feedback log.

Recent answers rated 👎 and questions that were not answered, with their comments and citations, filtered by date
(server local time) and kind; the same list as CSV at /staff/export.csv. It shows what other people asked, so it is
closed unless the server has an API token or a UI login, and then it needs one of: `Authorization: Bearer <token>`,
the session cookie that entering the token on the page sets (/staff/login), or a signed-in UI session. A plain
server-rendered page: no script, every text escaped.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html import escape
from urllib.parse import parse_qs, urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from assistant.core.settings import Settings
from assistant.web.feedback import FeedbackStore, Review, local_iso
from assistant.web.ui_strings import LANGUAGES, UiStrings, load_ui_strings

SESSION_COOKIE = "staff-session"
DEFAULT_DAYS = 7
MAX_ROWS = 500
KINDS: dict[str, Review] = {"all": "any", "down": "down", "refused": "refused"}
ANSWER_PREVIEW_CHARS = 160
STYLE = """
body { font: 15px/1.55 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 0;
  padding: 16px 20px; color: #1f2937; background: #f6f7f9; }
h1 { font-size: 20px; margin: 0 0 4px; } p { margin: 4px 0 12px; } .muted { color: #5b6472; }
form.filter { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; margin: 12px 0; }
label { display: grid; font-size: 13px; color: #5b6472; } input, select, button { font: inherit; padding: 4px 8px; }
table { border-collapse: collapse; width: 100%; background: #fff; } th, td { border-bottom: 1px solid #e2e5ea;
  padding: 6px 8px; text-align: left; vertical-align: top; } th { font-size: 13px; color: #5b6472; }
td.q { min-width: 16em; } td.when { white-space: nowrap; } td.comment { min-width: 8em; } .tag { display: inline-block; font-size: 12px; border-radius: 999px; padding: 0 8px;
  margin: 0 2px 2px 0; background: #fef3c7; color: #92400e; white-space: nowrap; } .tag.down { background: #fee2e2;
  color: #991b1b; } details summary { cursor: pointer; } pre { white-space: pre-wrap; margin: 4px 0; }
.lang a { margin-left: 10px; font-size: 14px; font-weight: normal; } .error { color: #b91c1c; }
@media (prefers-color-scheme: dark) { body { background: #0f1115; color: #e6e8ec; } table { background: #171a21; }
  th, td { border-color: #2b303b; } .muted, th, label { color: #a3aab6; } .tag { background: #3a2a0a; color: #fcd34d; }
  .tag.down { background: #3f1515; color: #fca5a5; } .error { color: #fca5a5; } a { color: #93c5fd; } }
"""


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def from_query(cls, query) -> Period:
        """?from=&to= as YYYY-MM-DD; the last DEFAULT_DAYS days when absent. ValueError when malformed."""
        end = date.fromisoformat(query["to"]) if query.get("to") else date.today()
        start = date.fromisoformat(query["from"]) if query.get("from") else end - timedelta(days=DEFAULT_DAYS - 1)
        return cls(min(start, end), max(start, end))

    def bounds(self) -> tuple[float, float]:
        """[since, until) as Unix times, from local midnights."""
        return (datetime.combine(self.start, time()).timestamp(),
                datetime.combine(self.end + timedelta(days=1), time()).timestamp())


def _session_value(token: str) -> str:
    # the cookie holds a value derived from the token, so a leaked cookie does not reveal the API token
    return hmac.new(token.encode(), b"staff-page", hashlib.sha256).hexdigest()


def _ui_user(request: Request) -> str | None:
    """The user signed in to the mounted Gradio UI, if any (Gradio keeps its sessions in the mounted app)."""
    for route in request.app.routes:
        sub = getattr(route, "app", None)
        tokens, cookie_id = getattr(sub, "tokens", None), getattr(sub, "cookie_id", None)
        if isinstance(tokens, dict) and cookie_id:
            for name in (f"access-token-{cookie_id}", f"access-token-unsecure-{cookie_id}"):
                if user := tokens.get(request.cookies.get(name)):
                    return user
    return None


def authorized(request: Request, settings: Settings) -> bool:
    token = settings.api_token
    if token:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
            return True
        session = request.cookies.get(SESSION_COOKIE, "")
        if session and hmac.compare_digest(session.encode(), _session_value(token).encode()):
            return True
    return bool(settings.ui_username) and _ui_user(request) is not None


def _language(request: Request) -> str:
    lang = request.query_params.get("lang")
    return lang if lang in LANGUAGES else LANGUAGES[0]


def _page(s: UiStrings, title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (f'<!doctype html><html lang="{escape(s.get("html_lang"))}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="color-scheme" content="light dark"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>{body}</body></html>")
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _sign_in(s: UiStrings, settings: Settings, lang: str, wrong: bool = False) -> HTMLResponse:
    form = ""
    if settings.api_token:
        form = (f'<form method="post" action="/staff/login?lang={lang}"><label>{escape(s.get("staff_token"))}'
                '<input type="password" name="token" autocomplete="current-password" required autofocus></label> '
                f'<button type="submit">{escape(s.get("staff_sign_in"))}</button></form>')
    error = f'<p class="error" role="alert">{escape(s.get("staff_wrong_token"))}</p>' if wrong else ""
    body = (f'<h1>{escape(s.get("staff_login_title"))}</h1><p class="muted">{escape(s.get("staff_login_intro"))}'
            f'</p>{error}{form}')
    return _page(s, s.get("staff_login_title"), body, 401)


def _gate(request: Request, settings: Settings, s: UiStrings) -> HTMLResponse | None:
    """None when the request may see the page; else the page that says why not."""
    if not settings.api_token and not settings.ui_username:
        return _page(s, s.get("staff_title"), f'<p class="error">{escape(s.get("staff_closed"))}</p>', 403)
    if authorized(request, settings):
        return None
    return _sign_in(s, settings, _language(request))


def _row(s: UiStrings, r: dict) -> str:
    tags = []
    if r["rating"] == -1:
        tags.append(f'<span class="tag down">{escape(s.get("staff_kind_down"))}</span>')
    if not r["answerable"]:
        tags.append(f'<span class="tag">{escape(s.get("staff_kind_refused"))}</span>')
    question = escape(r["question"]) if r["question"] else f'<span class="muted">{escape(s.get("staff_no_text"))}</span>'
    answer = r["answer"] or ""
    preview = escape(answer[:ANSWER_PREVIEW_CHARS] + ("…" if len(answer) > ANSWER_PREVIEW_CHARS else ""))
    answer_cell = f"<details><summary>{preview}</summary><pre>{escape(answer)}</pre></details>" if answer else ""
    markers = " ".join(dict.fromkeys(c.get("marker", "") for c in r["citations"]))
    when = (local_iso(r["ts"]) or "").replace("T", " ")[:16]
    return (f'<tr data-id="{r["id"]}"><td class="when">{escape(when)}<br><span class="muted">#{r["id"]} · '
            f'{escape(r["source"])}</span></td><td>{"".join(tags)}</td><td class="q">{question}</td>'
            f'<td>{answer_cell}</td><td class="comment">{escape(r["comment"] or "")}</td><td>{escape(markers)}</td></tr>')


def _report(store: FeedbackStore, s: UiStrings, lang: str, f: Filters) -> HTMLResponse:
    period, kind = f.period, f.kind
    rows = list(store.rows(f.since, f.until, review=KINDS[kind], newest_first=True, limit=MAX_ROWS + 1))
    counts = store.counts(f.since, f.until)
    query = {"from": period.start.isoformat(), "to": period.end.isoformat(), "kind": kind, "lang": lang}
    options = "".join(f'<option value="{k}"{" selected" if k == kind else ""}>{escape(s.get(f"staff_kind_{k}"))}'
                      f"</option>" for k in KINDS)
    other = [x for x in LANGUAGES if x != lang]
    langs = "".join(f'<a href="/staff?{urlencode({**query, "lang": x})}">{escape(load_ui_strings()[x].get("lang_name"))}'
                    f"</a>" for x in other)
    head = "".join(f"<th>{escape(s.get(k))}</th>" for k in ("staff_time", "staff_kind", "staff_question",
                                                              "staff_answer", "staff_comment", "staff_sources"))
    table = (f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(_row(s, r) for r in rows[:MAX_ROWS])}"
             "</tbody></table>") if rows else f'<p class="muted">{escape(s.get("staff_none"))}</p>'
    more = f'<p class="muted">{escape(s.get("staff_truncated", limit=MAX_ROWS))}</p>' if len(rows) > MAX_ROWS else ""
    body = (f'<h1>{escape(s.get("staff_title"))}<span class="lang">{langs}</span></h1>'
            f'<p class="muted">{escape(s.get("staff_intro"))}</p>'
            f'<form class="filter" method="get" action="/staff"><input type="hidden" name="lang" value="{lang}">'
            f'<label>{escape(s.get("staff_from"))}<input type="date" name="from" value="{query["from"]}"></label>'
            f'<label>{escape(s.get("staff_to"))}<input type="date" name="to" value="{query["to"]}"></label>'
            f'<label>{escape(s.get("staff_kind"))}<select name="kind">{options}</select></label>'
            f'<button type="submit">{escape(s.get("staff_filter"))}</button>'
            f'<a href="/staff/export.csv?{urlencode(query)}">{escape(s.get("staff_export"))}</a></form>'
            f'<p id="summary">{escape(s.get("staff_summary", **counts))}</p>{more}{table}')
    return _page(s, s.get("staff_title"), body)


@dataclass(frozen=True)
class Filters:
    period: Period
    kind: str
    since: float
    until: float

    @classmethod
    def from_request(cls, request: Request) -> Filters:
        """ValueError for a malformed date or kind, or a date outside what the clock can count (year 1, 9999)."""
        kind = request.query_params.get("kind") or "all"
        if kind not in KINDS:
            raise ValueError(kind)
        try:
            period = Period.from_query(request.query_params)
            return cls(period, kind, *period.bounds())
        except (OverflowError, OSError) as e:
            raise ValueError(str(e)) from None


def _filters_or_refusal(request: Request, settings: Settings, s: UiStrings) -> Filters | HTMLResponse:
    """What the request asks to see, or the page that says why it may not (no access, a malformed filter)."""
    if denied := _gate(request, settings, s):
        return denied
    try:
        return Filters.from_request(request)
    except ValueError:
        return _page(s, s.get("staff_title"), f'<p class="error">{escape(s.get("staff_bad_date"))}</p>', 400)


def add_staff_routes(app: FastAPI, store: FeedbackStore, settings: Settings) -> None:
    """Add /staff, /staff/login and /staff/export.csv (outside the API schema: pages for people, not an API)."""
    strings = load_ui_strings()

    @app.get("/staff", include_in_schema=False)
    def staff(request: Request) -> Response:
        s = strings[_language(request)]
        f = _filters_or_refusal(request, settings, s)
        return f if isinstance(f, Response) else _report(store, s, _language(request), f)

    @app.post("/staff/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        lang = _language(request)
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        given = (form.get("token") or [""])[0]
        if not settings.api_token or not hmac.compare_digest(given.encode(), settings.api_token.encode()):
            return _sign_in(strings[lang], settings, lang, wrong=bool(settings.api_token))
        reply = RedirectResponse(f"/staff?lang={lang}", status_code=303)
        reply.set_cookie(SESSION_COOKIE, _session_value(settings.api_token), httponly=True, samesite="strict",
                         path="/staff", secure=request.url.scheme == "https")
        return reply

    @app.get("/staff/export.csv", include_in_schema=False)
    def export(request: Request) -> Response:
        f = _filters_or_refusal(request, settings, strings[_language(request)])
        if isinstance(f, Response):
            return f
        buf = io.StringIO()
        store.export(buf, "csv", since=f.since, until=f.until, review=KINDS[f.kind])
        name = f"feedback-{f.kind}-{f.period.start.isoformat()}-{f.period.end.isoformat()}.csv"
        return Response(buf.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})

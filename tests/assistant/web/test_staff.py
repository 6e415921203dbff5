"""/staff over loopback: closed without a token or login, behind either when set; lists 👎 and refusals by date."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import httpx
import pytest

from assistant.web.server import background_server, create_app

TOKEN = "staff-token-789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
DISLIKED = "新版4.7 的起吊重量要求是多少？"
REFUSED = "脑机接口方向的申报截止时间？"
LIKED = "中方参与单位最多几家？"
PASTED = "<script>alert(1)</script>中方参与单位最多几家？"


@pytest.fixture(scope="module")
def server(settings, assistant, tmp_path_factory):
    locked = settings.model_copy(update={"api_token": TOKEN, "ui_username": "desk", "ui_password": "pw"})
    app = create_app(locked, assistant=assistant, feedback_db=tmp_path_factory.mktemp("staff") / "fb.sqlite3")
    store = app.state.store
    answers = {q: assistant.ask(q) for q in (DISLIKED, REFUSED, LIKED, PASTED)}
    assert not answers[REFUSED].answerable and answers[LIKED].answerable and answers[DISLIKED].answerable
    ids = {q: store.log(a, "ui") for q, a in answers.items()}
    store.rate(ids[DISLIKED], -1, "少了单位 <b>")
    store.rate(ids[LIKED], 1)
    store.rate(ids[PASTED], -1)
    with background_server(app) as url:
        yield url, ids, sum(not a.answerable for a in answers.values())


def test_closed_when_nothing_protects_it(settings, assistant, tmp_path):
    app = create_app(settings, assistant=assistant, feedback_db=tmp_path / "fb.sqlite3", ui=False)
    with background_server(app) as url:
        r = httpx.get(url + "/staff", timeout=30)
    assert r.status_code == 403 and "ASSISTANT_API_TOKEN" in r.text


def test_lists_dislikes_and_refusals_with_the_token(server):
    url, ids, refused = server
    r = httpx.get(url + "/staff", headers=AUTH, timeout=30)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    assert "default-src 'self'" in r.headers["content-security-policy"]
    listed = {int(x) for x in re.findall(r'data-id="(\d+)"', r.text)}
    assert listed == {ids[DISLIKED], ids[REFUSED], ids[PASTED]}
    assert "少了单位 &lt;b&gt;" in r.text and "[新版 4.7 考核指标(2)]" in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text and "<script>" not in r.text
    assert f"4 个回答中：2 个被评为没帮助，{refused} 个未回答。" in r.text
    down = httpx.get(url + "/staff", params={"kind": "refused", "lang": "en"}, headers=AUTH, timeout=30)
    assert 'lang="en"' in down.text and f'data-id="{ids[REFUSED]}"' in down.text and "Not answered" in down.text
    assert down.text.count("data-id=") == refused and f'data-id="{ids[DISLIKED]}"' not in down.text


def test_filtered_by_date(server):
    url, *_ = server
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    r = httpx.get(url + "/staff", params={"from": yesterday, "to": yesterday}, headers=AUTH, timeout=30)
    assert r.status_code == 200 and "data-id=" not in r.text and "这段时间没有" in r.text
    bad = httpx.get(url + "/staff", params={"from": "last week"}, headers=AUTH, timeout=30)
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text
    for edge in ({"from": "0001-01-01"}, {"to": "9999-12-31"}, {"to": "2026-02-30"}, {"kind": "<all>"}):
        r = httpx.get(url + "/staff", params=edge, headers=AUTH, timeout=30)
        assert r.status_code in (200, 400) and "Traceback" not in r.text, (edge, r.status_code)


def test_the_list_as_csv_for_excel(server):
    url, ids, _ = server
    r = httpx.get(url + "/staff/export.csv", params={"kind": "down"}, headers=AUTH, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbfid,ts,") and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [int(row["id"]) for row in rows] == [ids[DISLIKED], ids[PASTED]]
    assert httpx.get(url + "/staff/export.csv", timeout=30).status_code == 401


def test_a_browser_enters_the_token_once(server):
    url, *_ = server
    with httpx.Client(base_url=url, timeout=30) as c:
        page = c.get("/staff")
        assert page.status_code == 401 and 'name="token"' in page.text
        wrong = c.post("/staff/login", data={"token": "guess"})
        assert wrong.status_code == 401 and "令牌不对" in wrong.text
        right = c.post("/staff/login", data={"token": TOKEN})
        assert right.status_code == 303 and right.headers["location"] == "/staff?lang=zh"
        cookie = right.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/staff" in cookie
        assert TOKEN.lower() not in cookie  # the cookie does not carry the API token itself
        assert c.get("/staff").status_code == 200


def test_a_signed_in_ui_user_may_see_it(server):
    url, *_ = server
    with httpx.Client(base_url=url, timeout=30) as c:
        assert c.get("/staff").status_code == 401
        assert c.post("/login", data={"username": "desk", "password": "pw"}).status_code == 200
        assert c.get("/staff").status_code == 200

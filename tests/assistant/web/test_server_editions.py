"""GET /api/editions over loopback: every edition with its identity and counts."""

import httpx

from assistant.web.server import background_server, create_app


def test_editions_lists_identity_and_counts(settings, assistant, built_index, db_path):
    app = create_app(settings, assistant=assistant, feedback_db=db_path, ui=False)
    with background_server(app) as url:
        rows = httpx.get(f"{url}/api/editions", timeout=30).json()
    assert [(r["label"], r["directions"], r["domains"], r["anomalies"]) for r in rows] == [
        ("新版", 55, 8, 0), ("2022", 39, 10, 0)]
    assert {r["programme"] for r in rows} == {"战略性科技创新合作"}  # read from the title line: the manifest omits it
    assert [r["declared_directions"] for r in rows] == [55, 39]
    assert sum(r["chunks"] for r in rows) == built_index.chunks and all(r["rule_passages"] for r in rows)
    assert "sha256" not in rows[0] and rows[1]["aliases"][:2] == ["2022", "2022年"]

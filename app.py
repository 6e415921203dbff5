"""`python app.py`: build the index if it is missing or stale, then serve UI + API + /v1 on one port.

Same as `python -m assistant index && python -m assistant serve`; settings come from ASSISTANT_* variables
(e.g. ASSISTANT_HOST=0.0.0.0 ASSISTANT_PORT=7860 ASSISTANT_API_TOKEN=…).
"""

from __future__ import annotations

import sys

from pydantic import ValidationError

from assistant.core.errors import AssistantError
from assistant.core.settings import Settings


def main() -> int:
    try:
        settings = Settings()
    except ValidationError as e:
        print(f"invalid settings: {e.errors()[0]['loc']}: {e.errors()[0]['msg']}", file=sys.stderr)
        return 2
    try:
        from index.build import build_index

        build_index(settings)  # incremental: returns at once when the index is up to date
        from assistant.web.server import serve

        serve(settings)
    except AssistantError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

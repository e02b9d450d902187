"""Write static/js/words.js, the browser's copy of the table of words and of the ballot kinds,
from hall/rules/words.py and hall/rules/kinds.py: `python scripts/words_js.py`.

tests/test_words.py fails while the copy is stale.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hall.rules.words import JS_PATH, as_js_module  # noqa: E402 - after the path is set

if __name__ == "__main__":
    (ROOT / JS_PATH).write_text(as_js_module(), encoding="utf-8")
    print(f"wrote {JS_PATH}")

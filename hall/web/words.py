"""The one table of words (hall/rules/words.py) as the Jinja global `WORDS`."""

from hall.rules.kinds import kind_of
from hall.rules.words import WORDS


def init_app(app) -> None:
    app.jinja_env.globals["WORDS"] = WORDS
    app.jinja_env.globals["kind_of"] = kind_of

"""One place knows the ballot kinds (hall/rules/kinds.py): every kind has every facet, and no
other module tests a ballot's kind or form against a kind of its own."""

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from hall.rules import Rating, SheetError
from hall.rules.kinds import (
    BALLOT_KINDS,
    KINDS,
    PROJECT_VOTE,
    RATING,
    Kind,
    default_kind,
    forms_of,
    kind_of,
)
from hall.rules.words import browser_kinds

ROOT = Path(__file__).resolve().parent.parent
KIND_WORDS = {*BALLOT_KINDS, *KINDS}  # "project_vote", "rating", "approve", "yes_no_abstain"
KIND_NAMES = {"PROJECT_VOTE", "RATING"}


@dataclasses.dataclass
class Item:
    item_id: int
    position: int


@dataclasses.dataclass
class Called:
    expected: int = 10
    present: int = 9
    on_leave: int = 0


def a_ballot(kind: Kind, items=3) -> object:
    return dataclasses.make_dataclass("B", ["kind", "form", "items", "places"])(
        kind.ballot_kind, kind.form, [Item(i, i) for i in range(1, items + 1)], 2
    )


def test_every_kind_has_every_facet():
    for kind in KINDS.values():
        for facet in dataclasses.fields(Kind):
            value = getattr(kind, facet.name)
            if facet.name in ("display", "title_year", "has_places", "revotes", "live_feed"):
                continue  # None, 0 and False are meaningful answers
            assert value, (kind.form, facet.name)
        assert kind.ballot_kind in BALLOT_KINDS and kind.form in forms_of(kind.ballot_kind)
        assert set(kind.paper_marks) >= set(kind.phone_marks)
        assert "{year}" in kind.title and kind.act in ("投票", "测评")
    for ballot_kind in BALLOT_KINDS:
        assert default_kind(ballot_kind).ballot_kind == ballot_kind


@pytest.mark.parametrize("form", sorted(KINDS))
def test_a_sheet_of_each_kind_goes_in_and_is_counted(form):
    kind = KINDS[form]
    ballot = a_ballot(kind)
    item_ids = [item.item_id for item in ballot.items]
    mark = kind.phone_marks[0]
    raw = {kind.sheet_key: [1]} if kind.sheet_key == "approve" else {kind.sheet_key: {"1": mark}}
    text = kind.check(item_ids, ballot.places, raw)
    assert kind.read(item_ids, ballot.places, raw) == (text, True)
    assert kind.parse(text)[1] == mark
    with pytest.raises(SheetError):
        kind.check(item_ids, ballot.places, {"nothing": 1})
    settings = {
        "require_sign_in": True,
        "threshold_basis": "expected",
        "threshold_fraction": "1/2",
        "validity_fraction": "1/2",
        "grade_basis": "returned",
        "grade_fraction": "1/2",
    }
    for name, value in settings.items():
        setattr(ballot, name, value)
    result = kind.count(ballot, [(True, kind.parse(text))], Called)
    assert result["returned"] == 1 and {row[kind.item_key] for row in result["rows"]} == {1, 2, 3}


def test_a_kind_is_found_from_a_ballot_a_snapshot_or_an_old_row():
    assert kind_of({"kind": RATING, "form": "rating"}).report == RATING
    assert kind_of({"kind": PROJECT_VOTE, "form": "yes_no_abstain"}).paper_marks == (
        "yes",
        "no",
        "abstain",
    )
    # A rating row written with the column's default form is still a rating.
    assert kind_of({"kind": RATING, "form": "approve"}).form == "rating"
    assert KINDS["rating"].phone_marks == tuple(Rating)


def _literal_kind_tests(tree: ast.AST) -> list[int]:
    """Lines comparing a `kind` or `form` (not a SQL column) with a kind named by hand."""

    def about_kind(node) -> bool:
        if isinstance(node, ast.Name):
            return node.id in ("kind", "form")
        if isinstance(node, ast.Attribute):
            # Ballot.kind == PROJECT_VOTE picks rows in a query: that is choosing, not branching.
            is_column = isinstance(node.value, ast.Name) and node.value.id[:1].isupper()
            return node.attr in ("kind", "form") and not is_column
        if isinstance(node, ast.Subscript):
            return isinstance(node.slice, ast.Constant) and node.slice.value in ("kind", "form")
        return False

    def names_a_kind(node) -> bool:
        if isinstance(node, ast.Constant):
            return node.value in KIND_WORDS
        if isinstance(node, ast.Name):
            return node.id in KIND_NAMES
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            return any(names_a_kind(element) for element in node.elts)
        return False

    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(map(about_kind, sides)) and any(map(names_a_kind, sides)):
                lines.append(node.lineno)
    return sorted(set(lines))


def kind_tests_outside_the_registry(root: Path) -> list[str]:
    found = []
    for path in sorted((root / "hall").rglob("*.py")):
        if path.name == "kinds.py" and path.parent.name == "rules":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(root)}:{line}" for line in _literal_kind_tests(tree)]
    return found


def test_no_module_tests_a_kind_by_hand():
    assert kind_tests_outside_the_registry(ROOT) == []


def test_the_check_finds_a_kind_tested_by_hand(tmp_path):
    (tmp_path / "hall").mkdir()
    (tmp_path / "hall/sheet.py").write_text(
        "def body(ballot, result):\n"
        "    if ballot.kind == RATING:\n"
        "        return 1\n"
        '    return ballot.form == "yes_no_abstain" or result["kind"] in ("rating",)\n'
        "rows = select(Ballot).where(Ballot.kind == PROJECT_VOTE)\n",
        encoding="utf-8",
    )
    assert kind_tests_outside_the_registry(tmp_path) == ["hall/sheet.py:2", "hall/sheet.py:4"]


_KIND_WORDS_RE = "|".join(sorted(KIND_WORDS))
SCRIPT_KIND_TEST = re.compile(rf"""\b(kind|form)\s*[!=]==?\s*['"]({_KIND_WORDS_RE})['"]""")


def script_kind_tests(root: Path) -> list[str]:
    """Lines of the scripts and templates that test a kind or a form against one by hand."""
    found = []
    paths = [*(root / "static/js").rglob("*.js"), *(root / "templates").rglob("*.html")]
    for path in sorted(paths):
        if path == root / "static/js/words.js" or {"vendor", "dist"} & set(path.parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SCRIPT_KIND_TEST.search(line):
                found.append(f"{path.relative_to(root).as_posix()}:{number}")
    return found


def test_no_script_or_template_tests_a_kind_by_hand():
    assert script_kind_tests(ROOT) == []


def test_the_script_check_finds_a_kind_tested_by_hand(tmp_path):
    (tmp_path / "static/js").mkdir(parents=True)
    (tmp_path / "templates").mkdir()
    (tmp_path / "static/js/a.js").write_text("if (ballot.kind === 'rating') x();\n")
    (tmp_path / "templates/a.html").write_text('{% if b.form == "yes_no_abstain" %}\n')
    assert script_kind_tests(tmp_path) == ["static/js/a.js:1", "templates/a.html:1"]


def test_the_browser_knows_each_kind_as_the_server_does():
    kinds = browser_kinds()
    assert set(kinds) == set(KINDS)
    for form, kind in KINDS.items():
        assert kinds[form]["phone_marks"] == kind.phone_marks
        assert kinds[form]["sheet_key"] == kind.sheet_key

"""The floors of hall/ hold (tests/layers.py): imports point down, and the checker catches each
way of breaking them on a small package of its own."""

from pathlib import Path

import pytest

from tests.layers import FLOORS, floor_of, problems

ROOT = Path(__file__).resolve().parent.parent


def test_hall_keeps_its_floors():
    assert problems(ROOT) == []


def test_every_package_of_hall_is_on_a_floor():
    packages = {path.parent.name for path in (ROOT / "hall").glob("*/__init__.py")}
    placed = {
        package.split(".")[1] for floor in FLOORS for package in floor.packages if "." in package
    }
    assert packages - placed == set()


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


# A small hall: a surface, the live floor, a domain package, the store and the rules.
SOUND = {
    "hall/__init__.py": "from hall.deputy import routes\n",
    "hall/deputy/__init__.py": "",
    "hall/deputy/routes.py": "from hall.live import state\n",
    "hall/live/__init__.py": "",
    "hall/live/state.py": "from hall.voting import results\n",
    "hall/voting/__init__.py": "",
    "hall/voting/results.py": "from hall.store import models\nfrom hall.rules import sheets\n",
    "hall/store/__init__.py": "",
    "hall/store/models.py": "import sqlalchemy\n",
    "hall/rules/__init__.py": "",
    "hall/rules/sheets.py": "import json\n",
}


def test_a_sound_package_passes(tmp_path):
    assert problems(write(tmp_path, SOUND)) == []


def test_an_import_up_a_floor_fails(tmp_path):
    upward = SOUND | {"hall/store/models.py": "from hall.live.state import *\n"}
    found = problems(write(tmp_path, upward))
    assert "hall.store.models imports hall.live.state, a floor above it" in found


def test_an_import_inside_a_function_counts(tmp_path):
    late = SOUND | {"hall/voting/results.py": "def f():\n    from hall.deputy import routes\n"}
    found = problems(write(tmp_path, late))
    assert "hall.voting.results imports hall.deputy.routes, a floor above it" in found


def test_surfaces_never_import_each_other(tmp_path):
    across = SOUND | {
        "hall/screen/__init__.py": "",
        "hall/screen/routes.py": "from hall.deputy import routes\n",
    }
    found = problems(write(tmp_path, across))
    assert any("hall.screen.routes imports hall.deputy.routes" in line for line in found)


@pytest.mark.parametrize(
    "line", ["import flask", "from sqlalchemy import orm", "import hall.store"]
)
def test_rules_stay_pure(tmp_path, line):
    impure = SOUND | {"hall/rules/sheets.py": line + "\n"}
    found = problems(write(tmp_path, impure))
    assert any(entry.startswith("hall.rules.sheets imports") and "pure" in entry for entry in found)


def test_a_circle_between_files_fails(tmp_path):
    circle = SOUND | {
        "hall/voting/box.py": "from hall.voting import results\n",
        "hall/voting/results.py": "from hall.voting import box\n",
    }
    found = problems(write(tmp_path, circle))
    assert "import circle: hall.voting.box -> hall.voting.results" in found


def test_a_module_off_every_floor_fails(tmp_path):
    stray = SOUND | {"hall/stray.py": ""}
    assert "hall.stray is on no floor" in problems(write(tmp_path, stray))


def test_floors_are_found_by_the_longest_package():
    assert floor_of("hall") == (0, "hall")
    assert floor_of("hall.voting.box")[1] == "hall.voting"
    assert floor_of("hall.nowhere") is None

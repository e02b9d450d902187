"""Run an upload's parser in a child process, so the server's event loop keeps answering phones
while a spreadsheet is read, and a hostile file meets CPU and memory limits, not the server.

`parse_apart(parse_roster, filename, data)` answers what `parse_roster(filename, data)` would,
or raises the same ImportFailed. The child is a fresh interpreter; under eventlet and gevent the
monkey-patched `subprocess` waits for it cooperatively, and in threading mode only the calling
thread waits.
"""

import dataclasses
import io
import logging
import pickle
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from hall.imports.tables import ImportFailed, ImportProblem, failed

CPU_SECONDS = 60  # a legitimate 10,000-row workbook takes a few seconds
MEMORY_BYTES = 1 << 30

_PACKAGE = Path(__file__).resolve().parent.parent  # the hall package folder
# The child needs only hall.imports, so it skips hall/__init__.py (Flask, the database, the
# sockets), which would take it a second to import.
_BOOTSTRAP = (
    "import sys, types\n"
    "package = types.ModuleType('hall')\n"
    "package.__path__ = [sys.argv[1]]\n"
    "sys.modules['hall'] = package\n"
    "from hall.imports.worker import serve\n"
    "serve(int(sys.argv[2]), int(sys.argv[3]))\n"
)
# What a parser may answer, and all the child may send back: the parent unpickles nothing else.
_ALLOWED = {
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
    ("decimal", "Decimal"),
}
_ALLOWED_MODULES = ("hall.imports.",)

_UNREADABLE = "无法读取该文件：请在 Excel 或 WPS 中打开并另存后重新上传。"

log = logging.getLogger(__name__)


def parse_apart(parse: Callable, filename: str, data: bytes):
    """What `parse(filename, data)` answers, computed in a child process."""
    if not parse.__module__.startswith(_ALLOWED_MODULES):
        raise ValueError(f"{parse.__module__}.{parse.__qualname__} is not an importer")
    cpu_seconds = CPU_SECONDS
    request = pickle.dumps((parse.__module__, parse.__qualname__, filename, data))
    child = subprocess.run(
        [sys.executable, "-c", _BOOTSTRAP, str(_PACKAGE), str(cpu_seconds), str(MEMORY_BYTES)],
        input=request,
        capture_output=True,
        cwd=_PACKAGE.parent,
        check=False,
    )
    if child.returncode == 0:
        try:
            outcome, value = _Unpickler(io.BytesIO(child.stdout)).load()
        except Exception:  # only a broken child answers what the parent cannot read
            log.exception("import parser answered something unreadable")
            raise failed(_UNREADABLE) from None
        if outcome == "failed":
            raise ImportFailed([ImportProblem(*problem) for problem in value])
        return value
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise failed(
            f"文件过于复杂，读取超过 {cpu_seconds} 秒仍未完成：请只保留要导入的工作表和数据行，"
            "另存后重新上传。"
        )
    log.error("import parser failed (exit %s): %s", child.returncode, child.stderr.decode()[-4000:])
    raise failed(_UNREADABLE)


def serve(cpu_seconds: int, memory_bytes: int) -> None:
    """The child: read (module, function, filename, data) on stdin, answer on stdout."""
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    module, name, filename, data = pickle.load(sys.stdin.buffer)
    __import__(module)
    parse = getattr(sys.modules[module], name)
    try:
        answer = ("ok", parse(filename, data))
    except ImportFailed as refused:
        answer = ("failed", [_fields(problem) for problem in refused.problems])
    except MemoryError:
        message = "文件过大，读取时超出内存限制：请只保留要导入的工作表和数据行，另存后重新上传。"
        answer = ("failed", [("", None, None, message)])
    sys.stdout.buffer.write(pickle.dumps(answer))


def _fields(problem: ImportProblem) -> tuple:
    return (problem.sheet, problem.row, problem.column, problem.message)


class _Unpickler(pickle.Unpickler):
    """Plain data and the importers' own row classes only, whatever the child was fed."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        if module.startswith(_ALLOWED_MODULES) and module in sys.modules:
            found = getattr(sys.modules[module], name, None)
            if isinstance(found, type) and dataclasses.is_dataclass(found):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not an import result")

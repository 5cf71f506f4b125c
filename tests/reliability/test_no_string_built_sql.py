"""Every SQL statement in the program is parameterised or built with SQLAlchemy expressions.

The scan reads the source of app/ and fails on any call that runs SQL text built at
run time: an f-string, `%` or `+` concatenation, or `.format()` passed to text(),
execute(), exec_driver_sql() or executescript().
"""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app"
SQL_CALLS = {"text", "execute", "exec_driver_sql", "executescript", "executemany"}


def _built_at_run_time(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        if name in SQL_CALLS and _built_at_run_time(node.args[0]):
            found.append(f"{path.relative_to(APP.parent)}:{node.lineno}")
    return found


def test_no_sql_is_built_from_strings() -> None:
    files = sorted(APP.rglob("*.py"))
    assert len(files) > 10
    offences = [o for path in files for o in _offences(path)]
    assert offences == []


def test_the_scan_catches_string_built_sql(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "def f(s, name):\n"
        "    s.execute(text(f\"SELECT * FROM cliente WHERE nome = '{name}'\"))\n"
        "    s.execute('SELECT ' + name)\n"
        "    s.exec_driver_sql('DELETE FROM x WHERE id = %s' % name)\n"
        "    s.execute(text('SELECT :n').bindparams(n=name))\n"
    )
    global APP
    saved, APP = APP, tmp_path
    try:
        assert len(_offences(bad)) == 3
    finally:
        APP = saved

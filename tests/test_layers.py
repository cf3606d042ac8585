"""The layers of CONVENTIONS.md (13), read from the source: who may import whom.

``ilv/`` is the kernel and imports no app; ``actors`` is the base data; ``contingents`` and
``meetings`` read ``actors`` and know nothing of each other; ``events`` may read ``meetings``,
never the other way; ``catalogue`` (the public brochure) reads ``actors`` and ``contingents`` and no
other app reads it; ``reports`` sits on top and no app imports it.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

APPS = ("actors", "contingents", "meetings", "events", "catalogue", "reports")

# package: the apps it must never import (function-level imports included)
FORBIDDEN = {
    "ilv": set(APPS),
    "actors": {"contingents", "meetings", "events", "catalogue", "reports"},
    "contingents": {"meetings", "events", "catalogue", "reports"},
    "meetings": {"contingents", "events", "catalogue", "reports"},
    "events": {"contingents", "catalogue", "reports"},
    # The public catalogue reads the organisations and their measures, nothing internal.
    "catalogue": {"meetings", "events", "reports"},
}


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a Python file imports, wherever the import statement stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def source_files(package: str):
    root = Path(settings.BASE_DIR, package)
    return [p for p in root.rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_the_layers_below_it(package):
    violations = [
        f"{path.relative_to(settings.BASE_DIR)} imports {name}"
        for path in source_files(package)
        for name in sorted(imported_packages(path) & FORBIDDEN[package])
    ]
    assert not violations, "\n".join(violations)


def test_the_layer_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("def view():\n    from reports.queries import x\n    import meetings\n")
    assert imported_packages(module) == {"reports", "meetings"}


def test_the_kernel_and_the_apps_are_all_checked():
    assert source_files("ilv") and source_files("actors") and source_files("reports")

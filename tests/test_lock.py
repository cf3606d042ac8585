"""requirements.lock (what `make install` and CI install, hashes required) holds every pin of
pyproject.toml at the same version: a pin changed in one place only fails here, not on a server."""

import re
import tomllib
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def locked() -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes) of requirements.lock."""
    text = (BASE_DIR / "requirements.lock").read_text()
    found = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s\\]+)", block)
        if match:
            name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
            found[name] = (match.group(2), re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return found


def pins() -> dict[str, str]:
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())
    requirements = [
        *project["project"]["dependencies"],
        *project["project"]["optional-dependencies"]["test"],
        *project["build-system"]["requires"],
    ]
    found = {}
    for requirement in requirements:
        name, version = re.fullmatch(
            r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", requirement
        ).groups()
        found[re.sub(r"[-_.]+", "-", name).lower()] = version
    return found


def test_every_pin_is_locked_at_its_version_with_hashes():
    lock = locked()
    for name, version in pins().items():
        assert name in lock, f"{name} is not in requirements.lock: run `make lock`"
        assert lock[name][0] == version, f"{name}: {version} pinned, {lock[name][0]} locked"
    assert all(hashes for _version, hashes in lock.values()), "every package needs its hashes"
    assert len(lock) > len(pins())  # the dependencies of the dependencies too

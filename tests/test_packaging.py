"""The product as a package: a wheel installed (not editable) in a fresh environment works away from any checkout,
ships its JSON Schemas and default policies, and ships no demo generator; the demo is a package of its own."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = ROOT / "provenance" / "data_contracts"

SOURCE = """\
id: assemblee-debats
title: Comptes rendus des débats de l'Assemblée nationale
rights_holder: Assemblée nationale
licence: etalab-2.0
attribution: "Assemblée nationale, comptes rendus des débats"
provenance_url: https://data.assemblee-nationale.fr/
format: jsonl
dumps: landing/assemblee/*.jsonl.gz
language: fr
fields: {text: body, id: uid}
max_quarantine_rate: 0.05
"""
LINE = {"id": "m1", "lang": "fr", "text": "Écrivez à jeanne.martin@example.fr ou appelez le 06 12 34 56 78."}


def test_the_packaged_schemas_and_default_policies_are_the_checkouts_copies():
    """One content per file: data_contracts/ keeps what people read and copy, the package what the code reads."""
    packaged = sorted(p.relative_to(PACKAGED).as_posix() for p in PACKAGED.rglob("*") if p.is_file())
    schemas = sorted(f"schemas/{p.name}" for p in (ROOT / "data_contracts" / "schemas").glob("*.json"))
    assert packaged == sorted([*schemas, "crawler_tokens.yaml", "pii_policy.yaml"])
    for name in packaged:
        assert (PACKAGED / name).read_bytes() == (ROOT / "data_contracts" / name).read_bytes(), name


def test_the_demo_commands_say_how_to_install_the_demo_when_it_is_absent(tmp_path):
    # A finder first in line makes `import provenance_demo` fail as it does where the package is not installed.
    run = (
        "import sys\n"
        "class Absent:\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.partition('.')[0] == 'provenance_demo':\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Absent())\n"
        "from provenance.cli import main\n"
        f"sys.argv = ['provenance', 'demo-data', {str(tmp_path / 'd')!r}]\n"
        "main()\n"
    )
    result = subprocess.run([sys.executable, "-c", run], check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "the demo generator is not installed" in result.stderr
    assert "pip install -e ./demo" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "d").exists()


def _build_wheel(tmp_path: Path) -> Path:
    """The wheel, built offline with this interpreter's setuptools from a clean copy of the sources (building in
    place would leave build/ in the checkout, whose stale files could slip into a later wheel)."""
    setuptools = version("setuptools")
    assert int(setuptools.split(".")[0]) >= 77, (
        f"setuptools {setuptools} cannot build pyproject.toml: pip install -e '.[dev]'"
    )
    source = tmp_path / "src"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv*", "var", "build", "dist", "*.egg-info", "__pycache__", "tests"),
    )
    wheels = tmp_path / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)]
    result = subprocess.run(build, check=False, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    [wheel] = wheels.glob("provenance-*.whl")
    return wheel


def _venv_with_wheel(tmp_path: Path, wheel: Path) -> Path:
    """A fresh venv holding the wheel; the runtime dependencies come from this interpreter's site-packages,
    added by a plain path line, which does not run the editable install's finder that lives there."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)]
    # Away from the checkout and its PYTHONPATH: pip must find no other provenance (an egg-info left by an
    # editable install's metadata step would otherwise pass for an installed one).
    bare = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(install, check=False, capture_output=True, text=True, env=bare, cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    # Added after the install, so that pip never sees (nor touches) the test environment's own packages.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "deps.pth").write_text("".join(f"{path}\n" for path in sorted(here)), encoding="utf-8")
    return venv


@pytest.mark.slow  # 15-25 s: a wheel built, a venv made, spaCy models loaded
def test_the_wheel_installed_in_a_fresh_venv_checks_contracts_and_redacts_away_from_the_checkout(tmp_path):
    wheel = _build_wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    assert "provenance/data_contracts/pii_policy.yaml" in names
    assert "provenance/data_contracts/schemas/source.schema.json" in names
    assert not [
        n
        for n in names
        if "provenance_demo" in n
        or n.startswith("provenance/demo/")
        or n.endswith(("/build_lists.py", "/build_french_words.py"))
    ]
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "faker" not in metadata.lower()

    venv = _venv_with_wheel(tmp_path, wheel)
    away = tmp_path / "elsewhere"
    contracts, home = away / "contracts", away / "home"
    (contracts / "sources").mkdir(parents=True)
    home.mkdir()
    (contracts / "sources" / "assemblee-debats.yaml").write_text(SOURCE, encoding="utf-8")
    # The licence policy is the workspace's own; no schemas, PII policy nor crawler tokens: the package's are used.
    shutil.copyfile(ROOT / "data_contracts" / "licence_policy.yaml", contracts / "licence_policy.yaml")
    (away / "pii.key").write_text("0123456789abcdef" * 4 + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH" and not k.startswith("PROVENANCE_")}
    env |= {
        "PROVENANCE_HOME": str(home),
        "PROVENANCE_CONTRACTS": str(contracts),
        "PROVENANCE_PII_KEY": str(away / "pii.key"),
    }

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return subprocess.run(
            args, check=False, input=stdin, capture_output=True, text=True, env=env, cwd=away, timeout=600
        )

    where = run(str(venv / "bin" / "python"), "-c", "import provenance; print(provenance.__file__)")
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr

    checked = run(str(venv / "bin" / "provenance"), "check-contracts")
    assert checked.returncode == 0, checked.stderr
    assert "1 source contracts" in checked.stdout and "all valid" in checked.stdout

    (contracts / "sources" / "assemblee-debats.yaml").write_text(SOURCE.replace("format: jsonl", "format: csv"))
    invalid = run(str(venv / "bin" / "provenance"), "check-contracts")
    assert invalid.returncode == 1
    assert "assemblee-debats.yaml: format: 'csv' is not one of" in " ".join(invalid.stderr.split())  # wrapped at 160

    redacted = run(str(venv / "bin" / "provenance"), "redact", stdin=json.dumps(LINE, ensure_ascii=False) + "\n")
    assert redacted.returncode == 0, redacted.stderr
    [record] = [json.loads(line) for line in redacted.stdout.splitlines()]
    assert {e["entity_type"] for e in record["entities"]} >= {"EMAIL_ADDRESS", "PHONE_NUMBER"}
    assert "jeanne.martin@example.fr" not in record["text"] and "06 12 34 56 78" not in record["text"]

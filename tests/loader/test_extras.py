"""The loader's optional extras are installed for real, and cost nothing to processes that do not use them."""

import subprocess
import sys


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


def test_the_loader_imports_without_torch_or_datasets():
    done = run(
        "import sys, provenance.loader\n"
        "assert 'torch' not in sys.modules and 'datasets' not in sys.modules, sorted(sys.modules)"
    )
    assert done.returncode == 0, done.stderr


def test_the_extras_are_installed_and_torch_is_the_pinned_cpu_build():
    done = run("import datasets, torch; print(torch.__version__, torch.version.cuda)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2.13.0+cpu", "None"]


def test_spacy_and_presidio_in_the_pii_stage_never_load_torch_which_stays_importable():
    done = run(
        "import sys, provenance.pii.engine, provenance.pii.workers, presidio_analyzer, spacy\n"
        "assert 'torch' not in sys.modules\n"
        "import torch, thinc.compat\n"
        "print(torch.__version__, thinc.compat.has_torch)"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2.13.0+cpu", "False"]

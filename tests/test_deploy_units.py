"""The systemd units in deploy/ pass `systemd-analyze verify` with nothing to say. The
units name /opt/aktiv and /etc/aktiv, which exist only on a server; here they point at this
checkout's `aktiv` and the example environment file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
VERIFY = shutil.which("systemd-analyze")


@pytest.mark.skipif(VERIFY is None, reason="systemd-analyze is not installed on this machine")
def test_systemd_units_verify(tmp_path):
    aktiv = Path(sys.executable).with_name("aktiv")
    units = sorted(DEPLOY.glob("aktiv-*.service")) + sorted(DEPLOY.glob("aktiv-*.timer"))
    assert {unit.name for unit in units} >= {
        "aktiv-web.service",
        "aktiv-worker.service",
        "aktiv-backup.service",
        "aktiv-backup.timer",
    }
    for unit in units:
        text = unit.read_text().replace("/opt/aktiv/.venv/bin/aktiv", str(aktiv))
        text = text.replace("/etc/aktiv/aktiv.env", str(DEPLOY / "aktiv.env.example"))
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(  # noqa: S603
        [VERIFY, "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")

"""The folder where the processes of one machine keep their Prometheus counters.

prometheus_client chooses its multi-process mode when it is first imported, from
PROMETHEUS_MULTIPROC_DIR: so this runs before Django loads anything, and imports nothing of it.
"""

from __future__ import annotations

import os
from pathlib import Path


def share_with_children(data_dir: Path) -> Path:
    """For `sellerdesk run`: web server, worker and scheduler count into DATA_DIR/metrics.

    The folder is emptied first: counters start again at zero with each start of the desk,
    which Prometheus reads as a restart. An operator's own PROMETHEUS_MULTIPROC_DIR is kept as is.
    """
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder = data_dir / "metrics"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.db"):
        old.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    return folder

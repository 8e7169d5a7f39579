"""Private working folders: where workers and their helpers (LibreOffice, pdftotext) write temporary files.

Temporary files hold applicant data (a copy of the document, a conversion). They go into a folder that
only the user can read (0700), beside the key file rather than in a shared ``/tmp``, one subfolder per
worker process. The folder is emptied at the start and removed at the end of each run, and a worker's
subfolder when the worker is replaced, so a worker killed mid-document (time limit, crash, SIGKILL)
leaves nothing behind once its run has ended - or, should the whole run be killed, once the next run
starts. Processes still running inside a folder (a LibreOffice orphaned by a killed worker) are killed
before it is removed, so that they cannot write into it afterwards.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import tempfile
from pathlib import Path

log = logging.getLogger("redactor.batch")


def run_workdir(keys_path: Path) -> Path:
    """The working folder of the runs of a key file: ``<key file>.work`` beside it."""
    return keys_path.with_name(keys_path.name + ".work")


def make_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) with mode 0700, or make an existing folder 0700."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)  # mkdir's mode is filtered by the umask; an old folder may be wider  # noqa: PTH101
    return path


def remove_workdir(path: Path) -> None:
    """Kill the processes still working inside ``path`` and remove it with everything in it."""
    if not path.exists() and not path.is_symlink():
        return
    kill_processes_inside(path)
    if path.is_symlink() or not path.is_dir():
        with contextlib.suppress(OSError):
            path.unlink()
        return
    shutil.rmtree(path, ignore_errors=True)
    if path.exists():
        log.warning("a working folder could not be removed completely; remove it by hand")


def kill_processes_inside(folder: Path) -> int:
    """SIGKILL every process of this user whose working directory is ``folder`` or below it.

    Such a process was started by a worker (helpers run with their temporary folder as working directory)
    and outlived it. Linux only (``/proc``); elsewhere nothing is done. Returns how many were killed.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return 0
    try:
        target = folder.resolve()
    except OSError:
        return 0
    killed = 0
    me = os.getpid()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            cwd = (entry / "cwd").readlink()
        except OSError:  # gone, or another user's
            continue
        if cwd == target or target in cwd.parents:
            with contextlib.suppress(OSError):
                os.kill(int(entry.name), signal.SIGKILL)
                killed += 1
    if killed:
        log.warning("killed %d helper process(es) left running in a working folder", killed)
    return killed


def use_as_tempdir(folder: Path) -> None:
    """Make this process and the processes it starts write temporary files into ``folder``."""
    os.environ["TMPDIR"] = os.environ["TEMP"] = os.environ["TMP"] = str(folder)
    tempfile.tempdir = str(folder)

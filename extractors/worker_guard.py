"""A forked local Dask worker goes when the process that started the cluster goes, even when that one is killed.

Loaded in each worker process as it starts (`distributed.worker.preload`, set by `cluster.local_cluster` where
workers are forked). Dask's own watch on its parent is a pipe whose write end only the parent should hold; a
forked worker inherits the other workers' write ends as well, so after a SIGKILL of the parent two workers can
keep each other's pipe open and stay. On Linux the kernel's parent-death signal ends each one instead."""
from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys

PR_SET_PDEATHSIG = 1   # linux/prctl.h


def dask_setup(worker=None) -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(0)   # the parent went before the signal was asked for

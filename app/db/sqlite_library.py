"""SQLite's memory statistics, off for the whole process (once, before its first
connection).

SQLite counts every allocation in global statistics, under one mutex for the whole
process (SQLITE_CONFIG_MEMSTATUS, on by default): two connections reading in two
threads, as the window's workers do, took that mutex for each of their allocations and
ran one after the other. The whale's figures and its grid's first page a year back,
side by side: 28 ms with the statistics, 18 without (17.8 and 9.5 ms alone). Nothing
here reads those statistics.

The option can be set only while SQLite is not initialised: the library the sqlite3
module uses is shut down and initialised again, and only when it holds no memory at all
(no connection of anyone's is open). Where the library cannot be found (a Python with
SQLite built in) or is in use, it is left as it is: slower, never wrong.
"""

from __future__ import annotations

import ctypes
import logging
import sqlite3
import sys
import threading
from pathlib import Path

log = logging.getLogger(__name__)

_SQLITE_OK = 0
_SQLITE_CONFIG_MEMSTATUS = 9
_lock = threading.Lock()
_off: bool | None = None  # the answer of the first call


def library() -> ctypes.CDLL | None:
    """The SQLite library the sqlite3 module runs on, or None where it is not found."""
    sqlite3.sqlite_version  # noqa: B018 - the module and its library are loaded
    try:
        if sys.platform.startswith("linux"):
            maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
            paths = {line.split()[-1] for line in maps.splitlines() if "libsqlite3" in line}
            if len(paths) != 1:  # none (built in) or two copies: which one is unknown
                return None
            lib = ctypes.CDLL(paths.pop())
        elif sys.platform == "win32":
            lib = ctypes.CDLL("sqlite3.dll")  # the one the module loaded, from Python's DLLs
        else:
            return None
        lib.sqlite3_libversion.restype = ctypes.c_char_p
        lib.sqlite3_memory_used.restype = ctypes.c_int64
        if lib.sqlite3_libversion().decode() != sqlite3.sqlite_version:
            return None
    except (OSError, AttributeError, UnicodeDecodeError):
        return None
    return lib


def memory_statistics_off() -> bool:
    """Turn SQLite's memory statistics off (see the module); True when they were
    turned off. Tried once per process: later calls give the first one's answer."""
    global _off
    with _lock:
        if _off is None:
            _off = _turn_off()
        return _off


def _turn_off() -> bool:
    lib = library()
    if lib is None or lib.sqlite3_memory_used() != 0:  # not found, or in use
        log.debug("SQLite's memory statistics left on")
        return False
    if lib.sqlite3_shutdown() != _SQLITE_OK:
        return False
    configured = lib.sqlite3_config(_SQLITE_CONFIG_MEMSTATUS, ctypes.c_int(0))
    initialised = lib.sqlite3_initialize()
    return configured == _SQLITE_OK and initialised == _SQLITE_OK

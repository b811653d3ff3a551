"""The child side of ``parsers.sandbox``: parse documents under OS limits, one at a time.

Started as ``python -m parsers.worker`` by ``parsers.worker_process``.  A
request may also ask for the page's main text (``main_text``: its encoding and
trafilatura's size cap), read under the same limits, and answered beside the
report or the error.  It caps its own address space (RLIMIT_AS) once, and
before each document moves its CPU limit (RLIMIT_CPU, soft) to what it has
used so far plus the document's budget, so a reused worker gives every
document the same budget.  The kernel kills it (SIGXCPU, or a failed
allocation) when a reader runs away; the parent then names the limit.
Requests and answers are length-prefixed JSON frames on the pipes (never
pickle: the answer comes from a process that read hostile bytes), and the
document's bytes follow the request frame raw.
"""

from __future__ import annotations

import json
import os
import resource
import struct
import sys
import traceback
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parsers.limits import ParseLimits

_FRAME = struct.Struct(">I")


def write_frame(out: IO[bytes], payload: bytes) -> None:
    out.write(_FRAME.pack(len(payload)))
    out.write(payload)
    out.flush()


def read_exact(inp: IO[bytes], n: int) -> bytes | None:
    chunks: list[bytes] = []
    while n:
        chunk = inp.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(inp: IO[bytes]) -> bytes | None:
    head = read_exact(inp, _FRAME.size)
    if head is None:
        return None
    return read_exact(inp, _FRAME.unpack(head)[0])


def _set_cpu_budget(seconds: int) -> None:
    own = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(own.ru_utime + own.ru_stime) + seconds + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _answer(request: dict[str, Any], data: bytes) -> dict[str, Any]:
    from parsers import limits as lim

    limits = lim.ParseLimits.from_mapping(request.get("limits") or {})
    _set_cpu_budget(limits.cpu_seconds)
    start = lim.cpu_used()
    answer = _report(request, data, limits)
    wanted = request.get("main_text")
    if wanted is not None and not answer.get("fatal"):
        answer |= _text(data, wanted, limits)
    answer["cpu"] = lim.cpu_used() - start
    return answer


def _text(data: bytes, wanted: dict[str, Any], limits: ParseLimits) -> dict[str, Any]:
    from parsers import limits as lim
    from parsers.maintext import main_text

    try:
        with lim.using(limits):
            return {"text": main_text(data, wanted["encoding"], int(wanted["max"]))}
    except MemoryError:
        return {"text": None, "fatal": True}
    except Exception:  # a bug of the text's reading must not cost the document its report
        traceback.print_exc()
        return {"text": None}


def _report(request: dict[str, Any], data: bytes, limits: ParseLimits) -> dict[str, Any]:
    import parsers
    from parsers import limits as lim

    try:
        with lim.using(limits):
            report = parsers.parse_bytes(data, request.get("name"))
        return {"ok": report}
    except MemoryError:
        return {"error": "ParseLimitExceeded", "message": _memory_reason(limits), "fatal": True}
    except parsers.ParseError as exc:
        if not isinstance(exc, lim.ParseLimitExceeded) and _near_cap(limits):
            # a C library that could not allocate reports it as a malformed file
            return {"error": "ParseLimitExceeded", "message": _memory_reason(limits), "fatal": True}
        return {"error": exc.__class__.__name__, "message": str(exc)}
    except RecursionError:
        return {"error": "ParseLimitExceeded", "message": "too complex: nested too deeply"}
    except Exception as exc:  # a parser bug: the parent re-raises it with this traceback
        return {
            "error": "bug",
            "message": f"{exc.__class__.__name__}: {exc}",
            "traceback": traceback.format_exc(),
        }


def vm_peak_kb() -> int:
    """The most address space this process has held (what RLIMIT_AS caps), KiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _near_cap(limits: ParseLimits) -> bool:
    return vm_peak_kb() > 0.9 * limits.memory_mb * 1024


def _memory_reason(limits: ParseLimits) -> str:
    return f"too large: reading it needs more than the {limits.memory_mb} MiB memory limit"


def main() -> None:
    memory_mb = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    if memory_mb:
        cap = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    # the protocol owns the real stdout; a library that prints goes to stderr
    inp = os.fdopen(os.dup(0), "rb")
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    # the readers and the main text's fallback, before the first document, not on its budget
    import trafilatura  # noqa: F401

    import parsers  # noqa: F401

    write_frame(out, b'{"ready": true}')
    while True:
        head = read_frame(inp)
        if head is None:
            return
        request = json.loads(head)
        data = read_frame(inp)
        if data is None:
            return
        answer = _answer(request, data)
        answer["vm_peak_kb"] = vm_peak_kb()
        write_frame(out, json.dumps(answer, ensure_ascii=False).encode("utf-8"))
        if answer.get("fatal"):
            return  # after a MemoryError the heap may be in any state: start afresh


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Time from starting the program to its first whole frame, in a real
pseudo-terminal: the clock starts before the process is started and stops
when the bottom row's hint bar (drawn last) has arrived.

    scripts/first-frame.py DB [RUNS] [COLSxROWS]   (default 7 runs, 200x60)

Prints each run and the median, in milliseconds. Uses only Python's
standard library and the release binary (cargo build --release)."""
import fcntl, os, pty, select, signal, statistics, struct, sys, termios, time

BIN = os.environ.get("LIAISON_DESK_BIN", "target/release/liaison-desk")
# The hint bar's last key, on the sign-in screen and on a new station's
# setup: the bottom row, written last of the frame (wide characters are
# written with cursor moves between them, so an ASCII key is looked for).
DONE = b"F1"


def one_run(db, cols, rows):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["LANG"] = "C.UTF-8"
        os.execv(BIN, [BIN, "--db", db])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    seen = b""
    try:
        while DONE not in seen:
            if time.perf_counter() - start > 10:
                raise SystemExit("no frame within 10 s")
            ready, _, _ = select.select([fd], [], [], 1)
            if ready:
                seen += os.read(fd, 65536)
        return (time.perf_counter() - start) * 1000
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    db = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    cols, rows = map(int, (sys.argv[3] if len(sys.argv) > 3 else "200x60").split("x"))
    times = [one_run(db, cols, rows) for _ in range(runs)]
    print(" ".join(f"{t:.1f}" for t in times))
    print(f"median of {runs}: {statistics.median(times):.1f} ms ({cols}x{rows}, {db})")


if __name__ == "__main__":
    main()

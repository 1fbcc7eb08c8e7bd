#!/usr/bin/env bash
# Peak memory and time of every bulk command on a generated database, with
# public tools: `/usr/bin/time -v` (GNU time) for the peak resident set.
#   scripts/measure-bulk.sh [CASES] [RUNS]   (default 100000 cases, 1 run;
#   1000000 takes long). Prints one line a command: the median over RUNS of
#   the wall time and of the peak memory in MB.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-100000}"
runs="${2:-1}"
work="target/measure-$cases"
db="$work/desk.db"
bin=target/release/liaison-desk
cargo build --release --quiet
cargo build --release --quiet --example gen
mkdir -p "$work"
export LIAISON_DESK_NOW="2026-11-10 17:00:00" LIAISON_DESK_PIN=2468
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
    local name="$1"; shift
    local walls=() peaks=()
    for _ in $(seq "$runs"); do
        rm -f "$work"/out.* "$work"/copy.db
        /usr/bin/time -v "$@" >"$work/log" 2>"$work/time" || {
            echo "$name: failed"; tail -3 "$work/log" "$work/time"; return
        }
        peaks+=("$(awk -F: '/Maximum resident set size/ {print int($2/1024)}' "$work/time")")
        walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/time")")
    done
    printf '%-34s %8.2f s  %5s MB\n' "$name" "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${peaks[@]}" | median)"
}
printf '%-34s %10s  %8s\n' "command ($cases cases, median of $runs)" "wall" "peak"
# The generator itself, once, when the database is not there yet.
if [ ! -f "$db" ]; then
    asked="$runs"
    runs=1
    measure "generator (once)" target/release/examples/gen --cases "$cases" --db "$db" --users
    runs="$asked"
fi
measure "export reception, year, xlsx" "$bin" --db "$db" export reception --from 2026-01-01 --to 2026-11-10 -o "$work/out.xlsx" --user 秘书
measure "export reception, year, csv" "$bin" --db "$db" export reception --from 2026-01-01 --to 2026-11-10 --format csv -o "$work/out.csv" --user 秘书
measure "export handling, 10 years, xlsx" "$bin" --db "$db" export handling --from 2016-01-01 --to 2026-11-10 -o "$work/out.xlsx" --user 秘书
measure "report, 10 years" "$bin" --db "$db" report --from 2016-01-01 --to 2026-11-10
measure "check" "$bin" --db "$db" check
measure "backup -o" "$bin" --db "$db" backup -o "$work/copy.db"
"$bin" --db "$db" backup -o "$work/restore-from.db" >/dev/null
export LIAISON_DESK_PIN=1234
measure "restore" "$bin" --db "$db" restore "$work/restore-from.db" --user 管理员
measure "purge --dry-run" "$bin" --db "$db" purge --dry-run
"$bin" --db "$db" export reception --from 2026-01-01 --to 2026-11-10 --format csv -o "$work/import.csv" --user 管理员 >/dev/null
fresh="$work/fresh.db"
# Each run into a new station and a new file: the same work every time.
measure "import receptions (the year's CSV)" sh -c 'rm -f "$1"*; "$0" --db "$1" init --station-code S01 --station-name 第1联络站 >/dev/null; exec "$0" --db "$1" import receptions "$2"' "$bin" "$fresh" "$work/import.csv"
measure "demo --days 365" sh -c 'rm -f "$1"*; exec "$0" --db "$1" demo --days 365' "$bin" "$work/demo.db"

#!/usr/bin/env bash
# Peak memory and time of every bulk command on a generated database, with
# public tools: `/usr/bin/time -v` (GNU time) for the peak resident set.
#   scripts/measure-bulk.sh [CASES]   (default 100000; 1000000 takes long)
# Prints one line a command: wall seconds and peak memory in MB.
set -euo pipefail
cd "$(dirname "$0")/.."
cases="${1:-100000}"
work="target/measure-$cases"
db="$work/desk.db"
bin=target/release/liaison-desk
cargo build --release --quiet
cargo build --release --quiet --example gen
mkdir -p "$work"
if [ ! -f "$db" ]; then
    target/release/examples/gen --cases "$cases" --db "$db" --users
fi
export LIAISON_DESK_NOW="2026-11-10 17:00:00" LIAISON_DESK_PIN=2468
measure() {
    local name="$1"; shift
    rm -f "$work"/out.* "$work"/copy.db
    /usr/bin/time -v "$@" >"$work/log" 2>"$work/time" || {
        echo "$name: failed"; tail -3 "$work/log" "$work/time"; return
    }
    local peak wall
    peak=$(awk -F: '/Maximum resident set size/ {print int($2/1024)}' "$work/time")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time")
    printf '%-34s %10s  %5s MB\n' "$name" "$wall" "$peak"
}
printf '%-34s %10s  %8s\n' "command ($cases cases)" "wall" "peak"
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
fresh="$work/fresh.db"; rm -f "$fresh"*
"$bin" --db "$fresh" init --station-code S01 --station-name 第1联络站 >/dev/null
measure "import receptions (the year's CSV)" "$bin" --db "$fresh" import receptions "$work/import.csv"
rm -f "$work/demo.db"*
measure "demo --days 365" "$bin" --db "$work/demo.db" demo --days 365

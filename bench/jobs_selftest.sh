#!/usr/bin/env bash
# Checks the GNU parallel path of bench/jobs.sh (run by make verify): three jobs that write their
# result through a rename, one of them failing on its first try. The first run must report one
# failure and keep the two results; the second must rerun that job alone and finish all three;
# the Slurm script must be valid bash naming an array of three tasks.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in 1 2 3; do
    fail=""
    [ $i = 2 ] && fail="[ -e $work/tried ] || { touch $work/tried; exit 3; }; "
    echo "echo run $i >> $work/runs; ${fail}echo result $i > $work/r$i.tmp && mv $work/r$i.tmp $work/r$i" >> "$work/jobs.txt"
done
fail() { echo "FAIL jobs-selftest: $*" >&2; exit 1; }
status=0
bash bench/jobs.sh run "$work/jobs.txt" -j 2 > "$work/first.log" 2>&1 || status=$?
[ $status = 1 ] || fail "first run: exit status $status, expected 1 (one failed job)"
[ -s "$work/r1" ] && [ -s "$work/r3" ] && [ ! -e "$work/r2" ] || fail "first run: results $(ls "$work" | tr '\n' ' ')"
bash bench/jobs.sh run "$work/jobs.txt" -j 2 > "$work/second.log" 2>&1 || fail "second run failed: $(cat "$work/second.log")"
[ -s "$work/r2" ] || fail "second run did not finish job 2"
runs=$(sort "$work/runs" | tr '\n' ',')
[ "$runs" = "run 1,run 2,run 2,run 3," ] || fail "jobs ran as '$runs', expected job 2 twice and the others once"
bash bench/jobs.sh slurm "$work/jobs.txt" > "$work/array.sbatch"
bash -n "$work/array.sbatch" || fail "the Slurm script is not valid bash"
grep -q -- "--array=1-3$" "$work/array.sbatch" || fail "the Slurm script has no --array=1-3"
echo "PASS jobs-selftest: GNU parallel ran 3 jobs, reran the failed one alone; Slurm array script of 3 tasks"

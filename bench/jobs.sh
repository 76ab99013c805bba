#!/usr/bin/env bash
# Independent jobs (one shell command per line of JOBFILE) on an existing engine:
#   bench/jobs.sh run JOBFILE [-j N] [--timeout SECONDS] [--sshloginfile FILE]
#       GNU parallel on the local cores (N at a time, default: all cores) or on the hosts of FILE
#       (the project folder at the same path on each). The job log JOBFILE.joblog records every job;
#       running again reruns only the jobs that failed or never ran (parallel --resume-failed), so a
#       killed or failed job is rerun alone; a job past --timeout is killed and counts as failed.
#       Exit status: the number of failed jobs (0 when all passed).
#   bench/jobs.sh slurm JOBFILE [--partition P] [--time HH:MM:SS] [--mem SIZE]
#       prints a Slurm array script (sbatch it from the project folder): task i runs line i.
# Jobs write their results to their own files, through a temporary file renamed into place
# (kllm-gen fpga's result.json, bench/ppa.sh's summary.csv), so a report reads finished jobs
# only and a killed job leaves nothing half written.
set -euo pipefail
usage() { echo "usage: bench/jobs.sh run JOBFILE [-j N] [--timeout S] [--sshloginfile FILE] | bench/jobs.sh slurm JOBFILE [--partition P] [--time T] [--mem M]" >&2; exit 2; }
[ $# -ge 2 ] || usage
mode=$1 jobs=$2; shift 2
[ -s "$jobs" ] || { echo "bench/jobs.sh: job file '$jobs' is missing or empty" >&2; exit 2; }
count=$(grep -c . "$jobs")
case "$mode" in
run)
    command -v parallel >/dev/null || { echo "bench/jobs.sh: GNU parallel not found; apt-get install -y parallel (or make fpga-deps)" >&2; exit 2; }
    slots=() hosts=() limit=()
    while [ $# -gt 0 ]; do
        case "$1" in
            -j) slots=(--jobs "$2"); shift 2 ;;
            --timeout) limit=(--timeout "$2"); shift 2 ;;
            --sshloginfile) hosts=(--sshloginfile "$2" --workdir "$PWD"); shift 2 ;;
            *) usage ;;
        esac
    done
    log=$jobs.joblog
    # A changed job list starts a new log (sequence numbers name jobs); an unchanged one resumes.
    stamp=$(sha256sum < "$jobs" | cut -c1-16)
    if [ "$(cat "$log.stamp" 2>/dev/null)" != "$stamp" ]; then rm -f "$log"; echo "$stamp" > "$log.stamp"; fi
    echo "bench/jobs.sh: $count jobs from $jobs on GNU parallel (log $log)"
    status=0
    parallel "${slots[@]}" "${limit[@]}" "${hosts[@]}" --joblog "$log" --resume-failed --line-buffer --halt never :::: "$jobs" || status=$?
    # The log gains a row per try; a job's last row says how it ended.
    failed=$(awk -F'\t' 'NR > 1 {last[$1] = $7} END {for (s in last) if (last[s] != 0) n++; print n + 0}' "$log")
    [ "$failed" = 0 ] || { echo "bench/jobs.sh: $failed of $count jobs failed (column Exitval of $log); run again to rerun them alone" >&2; }
    [ "$failed" != 0 ] || [ "$status" = 0 ] || failed=$status
    exit "$failed"
    ;;
slurm)
    partition="" time="02:00:00" mem="8G"
    while [ $# -gt 0 ]; do
        case "$1" in
            --partition) partition=$2; shift 2 ;;
            --time) time=$2; shift 2 ;;
            --mem) mem=$2; shift 2 ;;
            *) usage ;;
        esac
    done
    cat <<SLURM
#!/usr/bin/env bash
# Slurm array of the $count jobs of $jobs (written by bench/jobs.sh slurm): task i runs line i.
# Submit from the project folder: mkdir -p build/slurm && sbatch THIS_FILE. Results land in each job's own files;
# resubmit with --array=LIST to rerun failed tasks alone (sacct shows which).
#SBATCH --job-name=kllm-$(basename "$(dirname "$jobs")")
#SBATCH --array=1-$count
#SBATCH --cpus-per-task=1
#SBATCH --mem=$mem
#SBATCH --time=$time
#SBATCH --output=build/slurm/%x-%A_%a.log
${partition:+#SBATCH --partition=$partition}
set -euo pipefail
cd "$PWD"
line=\$(sed -n "\${SLURM_ARRAY_TASK_ID}p" "$jobs")
echo "task \$SLURM_ARRAY_TASK_ID: \$line"
eval "\$line"
SLURM
    ;;
*) usage ;;
esac

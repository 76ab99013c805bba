#!/usr/bin/env python3
"""Where the area of a synthesized netlist goes, by register group.

Reads the gate-level netlist bench/ppa.sh writes (yosys write_verilog of the
Nangate45 mapping) and the liberty file, groups the flip-flops by register name
with the element indices removed (lut_3_4 -> lut, acc_0_7 -> acc, t_bank_2 ->
t_bank), and charges every combinational cell to the registers whose D inputs it
feeds (its fan-out cone up to the next flops). A cell that feeds one register
instance only is that instance's private logic (a PE's select, an adder); a cell
that feeds several instances of a group is shared by them (a row fetch, an index
decoder); a cell that feeds several groups is split evenly between them. Cells
that only reach output ports are "outputs".

Usage: bench/area_breakdown.py NETLIST LIBERTY     prints CSV: group,flops,flop_um2,private_um2,shared_um2,total_um2
"""
import collections
import re
import sys

OUTPUT_PINS = {"Z", "ZN", "Q", "QN", "CO", "S"}


def cell_areas(liberty):
    text = open(liberty).read()
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"cell \((\w+)\)\s*\{.*?\barea\s*:\s*([\d.]+)", text, re.S)}


def parse(netlist):
    """Cells as (type, name, {pin: net}) from a flat structural Verilog netlist."""
    text = open(netlist).read()
    cells = []
    for m in re.finditer(r"^\s*(\w+_X\d+|LOGIC[01]_X1)\s+(\S+)\s*\((.*?)\);", text, re.S | re.M):
        pins = {p: n.strip() for p, n in re.findall(r"\.(\w+)\(([^()]*)\)", m.group(3))}
        cells.append((m.group(1), m.group(2), pins))
    return cells


def register_of(net):
    """'\\acc_0_7[12]' -> ('acc', 'acc_0_7'); None for internal nets."""
    name = net.lstrip("\\").split("[")[0].strip()
    if not name or name.startswith("_"):
        return None
    return re.sub(r"(_\d+)+$", "", name), name


def main():
    netlist, liberty = sys.argv[1], sys.argv[2]
    areas = cell_areas(liberty)
    cells = parse(netlist)
    driver = {}
    for i, (kind, _, pins) in enumerate(cells):
        for pin, net in pins.items():
            if pin in OUTPUT_PINS:
                driver[net] = i
    flops = [i for i, (kind, _, _) in enumerate(cells) if kind.startswith("DFF") or kind.startswith("SDFF")]
    instance_of = {}
    for i in flops:
        q = cells[i][2].get("Q") or cells[i][2].get("QN")
        reg = register_of(q) if q else None
        instance_of[i] = reg or ("unnamed", "unnamed")
    # Fan-in cone of every register instance's D inputs, up to flops and inputs.
    reached = collections.defaultdict(set)   # comb cell -> instances whose D it feeds
    by_instance = collections.defaultdict(list)
    for i in flops:
        by_instance[instance_of[i]].append(i)
    for inst, members in by_instance.items():
        seen = set()
        stack = [cells[i][2].get("D") for i in members]
        while stack:
            net = stack.pop()
            j = driver.get(net)
            if j is None or j in seen or j in instance_of:
                continue
            seen.add(j)
            reached[j].add(inst)
            stack.extend(n for p, n in cells[j][2].items() if p not in OUTPUT_PINS)
    rows = collections.defaultdict(lambda: {"flops": 0, "flop": 0.0, "private": 0.0, "shared": 0.0})
    for i in flops:
        group = instance_of[i][0]
        rows[group]["flops"] += 1
        rows[group]["flop"] += areas[cells[i][0]]
    for j, (kind, _, _) in enumerate(cells):
        if j in instance_of:
            continue
        area = areas.get(kind, 0.0)
        insts = reached.get(j)
        if not insts:
            rows["outputs"]["shared"] += area
            continue
        groups = collections.Counter(inst[0] for inst in insts)
        for group, count in groups.items():
            rows[group]["private" if len(insts) == 1 else "shared"] += area / len(groups)
    total = sum(r["flop"] + r["private"] + r["shared"] for r in rows.values())
    print("group,flops,flop_um2,private_um2,shared_um2,total_um2,percent")
    for group, r in sorted(rows.items(), key=lambda kv: -(kv[1]["flop"] + kv[1]["private"] + kv[1]["shared"])):
        t = r["flop"] + r["private"] + r["shared"]
        print(f"{group},{r['flops']},{r['flop']:.0f},{r['private']:.0f},{r['shared']:.0f},{t:.0f},{100 * t / total:.1f}")


if __name__ == "__main__":
    main()

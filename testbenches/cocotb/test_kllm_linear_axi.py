"""kllm_linear_axi as integrators verify IP: cocotb with the cocotbext-axi drivers and monitors.

The tile's tables are written through the AXI4-Lite master at the addresses of the generated
C header (kllm_linear_axi.h); input vectors go in through an AXI4-Stream source with random
tvalid gaps; results come back through an AXI4-Stream sink with random tready and long
back-pressure stretches, and every result frame is compared with the bit-exact model's
(expect.hex). The vector folder (KLLM_TILE_DIR) is in the `kllm-gen vectors kllm_linear` format:
a real model tile exported by `kllm-gen model --export-tile`, or random tables and vectors.
A monitor checks the AXI4-Stream rule on the result stream every cycle (tvalid, tdata, tlast
held while tvalid is 1 and tready 0). Seeded by cocotb's RANDOM_SEED (printed at the start)."""
import os
import random
import re

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, RisingEdge, ReadOnly
from cocotbext.axi import AxiLiteBus, AxiLiteMaster, AxiStreamBus, AxiStreamFrame, AxiStreamSink, AxiStreamSource


def read_hex(path):
    return [int(line, 16) for line in open(path) if line.strip()]


def read_header(path):
    """#define NAME VALUE lines of the C header (integer values only)."""
    macros = {}
    for line in open(path):
        m = re.match(r"#define (\w+) (0x[0-9A-Fa-f]+|\d+)U?\b", line)
        if m:
            macros[m.group(1)] = int(m.group(2), 0)
    return macros


class Tile:
    """The vector folder, read with the widths of the header's parameters."""

    def __init__(self, folder, h):
        p = "KLLM_LINEAR_AXI_"
        self.h = h
        self.lanes, self.data_w = h[p + "LANES"], h[p + "DATA_W"]
        self.beats = h[p + "K"] // self.lanes
        self.out_beats = h[p + "N"] // h[p + "OUT_LANES"]
        self.out_w = h[p + "OUT_LANES"] * (h[p + "ACC_W"] + h[p + "S_W"])
        self.in_bytes = h[p + "S_AXIS_TDATA_WIDTH"] // 8
        self.out_bytes = h[p + "M_AXIS_TDATA_WIDTH"] // 8
        self.tables = {name: read_hex(os.path.join(folder, f"{name.lower()}.hex")) for name in ("CW", "CA", "THR", "S", "W")}
        in_w = self.lanes * self.data_w
        beats = [v & ((1 << in_w) - 1) for v in read_hex(os.path.join(folder, "in.hex"))]
        expect = [v & ((1 << self.out_w) - 1) for v in read_hex(os.path.join(folder, "expect.hex"))]
        self.vectors = [beats[i:i + self.beats] for i in range(0, len(beats), self.beats)]
        self.results = [expect[i:i + self.out_beats] for i in range(0, len(expect), self.out_beats)]
        assert len(self.vectors) == len(self.results) and self.vectors, f"{folder}: in.hex and expect.hex disagree"
        limit = int(os.environ.get("KLLM_MAX_VECTORS", "0"))
        if limit > 0:
            self.vectors, self.results = self.vectors[:limit], self.results[:limit]

    def frame(self, v):
        return b"".join(beat.to_bytes(self.in_bytes, "little") for beat in self.vectors[v])

    def result(self, v):
        return b"".join(beat.to_bytes(self.out_bytes, "little") for beat in self.results[v])


class Bench:
    def __init__(self, dut):
        self.dut = dut
        self.h = read_header(os.environ["KLLM_AXI_HEADER"])
        self.tile = Tile(os.environ["KLLM_TILE_DIR"], self.h)
        self.lite = AxiLiteMaster(AxiLiteBus.from_prefix(dut, "s_axil"), dut.clk, dut.rst)
        self.source = AxiStreamSource(AxiStreamBus.from_prefix(dut, "s_axis"), dut.clk, dut.rst)
        self.sink = AxiStreamSink(AxiStreamBus.from_prefix(dut, "m_axis"), dut.clk, dut.rst)
        self.rng = random.Random(cocotb.RANDOM_SEED)
        self.source.set_pause_generator(self.gaps(0.3))
        self.sink.set_pause_generator(self.backpressure())
        self.violations = []
        cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
        cocotb.start_soon(self.stream_rule())

    def gaps(self, p):
        while True:
            yield self.rng.random() < p

    def backpressure(self):
        """tready low 40 % of cycles, and now and then for 50 to 400 cycles in a row."""
        while True:
            if self.rng.random() < 0.005:
                for _ in range(self.rng.randrange(50, 400)):
                    yield True
            yield self.rng.random() < 0.4

    async def stream_rule(self):
        """AXI4-Stream: a pending transfer keeps tvalid, tdata and tlast; the handshake outputs
        are never X out of reset (tdata and tlast may be X while tvalid is 0)."""
        d = self.dut
        pending = None
        while True:
            await RisingEdge(d.clk)
            await ReadOnly()
            if str(d.rst.value) != "0":
                pending = None
                continue
            for name in ("m_axis_tvalid", "s_axis_tready", "s_axil_awready", "s_axil_wready", "s_axil_bvalid", "s_axil_arready",
                         "s_axil_rvalid"):
                if str(getattr(d, name).value) not in ("0", "1"):
                    self.violations.append(f"{name} is {getattr(d, name).value} out of reset")
            now = (str(d.m_axis_tvalid.value), str(d.m_axis_tdata.value), str(d.m_axis_tlast.value))
            if pending is not None and now != pending:
                self.violations.append(f"result stream changed while waiting for tready: {pending} -> {now}")
            pending = now if now[0] == "1" and str(d.m_axis_tready.value) == "0" else None

    async def reset(self, cycles=3):
        self.dut.rst.value = 1
        await ClockCycles(self.dut.clk, cycles)
        self.dut.rst.value = 0
        await ClockCycles(self.dut.clk, 2)

    async def write_tables(self):
        p = "KLLM_LINEAR_AXI_"
        for name, entries in self.tile.tables.items():
            words = self.h[p + name + "_WORDS"]
            for e, value in enumerate(entries):
                for w in range(words):
                    address = self.h[p + name + "_BASE"] + (e * self.h[p + name + "_STRIDE"] + w) * 4
                    await self.lite.write_dword(address, (value >> (32 * w)) & 0xFFFFFFFF)

    async def check_registers(self):
        p = "KLLM_LINEAR_AXI_"
        assert await self.lite.read_dword(self.h[p + "REG_ID"]) == self.h[p + "ID_VALUE"]
        assert await self.lite.read_dword(self.h[p + "REG_SHAPE"]) == self.h[p + "K"] << 16 | self.h[p + "N"]
        assert await self.lite.read_dword(self.h[p + "REG_LATENCY"]) == self.h[p + "LATENCY"]

    async def run_vectors(self, indices):
        for v in indices:
            await self.source.send(AxiStreamFrame(self.tile.frame(v)))
        for v in indices:
            frame = await self.sink.recv()
            assert bytes(frame.tdata) == self.tile.result(v), f"vector {v}: result differs from the bit-exact model"
        assert not self.violations, self.violations[:3]

    async def status(self):
        return await self.lite.read_dword(self.h["KLLM_LINEAR_AXI_REG_STATUS"])


@cocotb.test()
async def stream_with_gaps_and_backpressure(dut):
    """Every vector of the folder, random gaps in, random and long back-pressure out."""
    b = Bench(dut)
    dut._log.info(f"seed {cocotb.RANDOM_SEED}: {len(b.tile.vectors)} vectors from {os.environ['KLLM_TILE_DIR']}")
    dut.rst.value = 1
    await ClockCycles(dut.clk, 3)
    dut.rst.value = 0
    await ClockCycles(dut.clk, 2)
    await b.check_registers()
    await b.write_tables()
    await b.run_vectors(range(len(b.tile.vectors)))
    assert (await b.status()) & 0xFFFF0006 == 0, "STATUS: nothing in flight, no framing error at the end"


@cocotb.test()
async def reset_in_the_middle(dut):
    """A reset with vectors in flight and results held back: nothing from before it comes out;
    after the tables are written again, the next vectors come back right."""
    b = Bench(dut)
    await b.reset()
    await b.write_tables()
    n = len(b.tile.vectors)
    first = list(range(min(n, 6)))
    b.sink.clear_pause_generator()
    b.sink.pause = True
    for v in first:
        await b.source.send(AxiStreamFrame(b.tile.frame(v)))
    # Wait (past the product-table rebuild) until vectors are in flight and held back by the sink.
    for _ in range(200):
        if (await b.status()) >> 16 > 0:
            break
        await ClockCycles(dut.clk, 10)
    await ClockCycles(dut.clk, 30)
    assert (await b.status()) >> 16 > 0, "vectors in flight before the reset"
    b.source.clear()   # the vectors the credits held back are dropped with the reset
    await b.reset()
    b.sink.clear()
    b.sink.pause = False
    b.sink.set_pause_generator(b.backpressure())
    assert (await b.status()) >> 16 == 0, "no vector in flight after the reset"
    await b.write_tables()
    await b.run_vectors(list(range(n - min(n, 8), n)))
    assert b.sink.empty(), "a result from before the reset came out"

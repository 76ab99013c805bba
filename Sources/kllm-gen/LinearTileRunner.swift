import BitVector
import Foundation
import HDLSim
import KLLMGen
import KLLMGolden
import SimBridge

/// One kllm_linear tile under Verilator: loads tables through the write ports
/// (SPEC §5) and streams input vectors back to back, collecting every output
/// beat. Used by `kllm-gen layer` and `kllm-gen model --rtl`.
final class LinearTileRunner {
    let gen: LinearGenerator
    let sim: Simulator

    init(_ gen: LinearGenerator) throws {
        self.gen = gen
        sim = try Simulator(module: gen.build())
        try sim.zeroInputs()
        try sim.reset()
    }

    private func write(_ port: String, _ entries: [[UInt64]]) throws {
        for (a, v) in entries.enumerated() {
            try sim.poke("\(port)_we", 1)
            try sim.poke("\(port)_waddr", UInt64(a))
            try sim.poke("\(port)_wdata", words: v)
            sim.step()
        }
        try sim.poke("\(port)_we", 0)
    }

    private func signed(_ v: [Int64], _ width: Int) -> [[UInt64]] { v.map { BitVector(Int($0), width: width).words } }

    /// Writes Cw, Ca and the thresholds (a product-table rebuild follows).
    func loadCodebooks(_ t: LinearTables) throws {
        try write("cw", signed(t.cw, gen.weightWidth))
        try write("ca", signed(t.ca, gen.dataWidth))
        try write("thr", signed(t.thresholds, gen.dataWidth))
    }

    /// Writes the row scales and weight indices of N rows.
    func loadRows(_ t: LinearTables) throws {
        try write("s", signed(t.scales, gen.scaleWidth))
        try write("w", LinearSpec.weightWords(gen, t).map(\.words))
    }

    /// Streams `inputs` (K values each) with in_valid held at 1 and returns y[vector][row]
    /// of all N rows and the cycles from the first beat offered to the last output beat.
    func stream(_ inputs: [[Int64]]) throws -> (y: [[BitVector]], cycles: Int) {
        while try sim.peek("in_ready") == 0 { sim.step() }
        var y: [[BitVector]] = []
        var current: [BitVector] = []
        var beat = 0, vector = 0, cycles = 0
        while y.count < inputs.count {
            if vector < inputs.count {
                try sim.poke("in_valid", 1)
                try sim.poke("in_data", words: BitVector.bus(Array(inputs[vector][(beat * gen.lanes)..<((beat + 1) * gen.lanes)]), width: gen.dataWidth).words)
            } else {
                try sim.poke("in_valid", 0)
            }
            if try sim.peek("out_valid") == 1 {
                let word = BitVector(words: try sim.peekWords("out_y"), width: gen.outLanes * gen.outputWidth)
                current += (0..<gen.outLanes).map { word.slice(lo: $0 * gen.outputWidth, count: gen.outputWidth) }
                if current.count == gen.rows { y.append(current); current = [] }
            }
            let accepted = try vector < inputs.count && sim.peek("in_ready") == 1
            sim.step()
            cycles += 1
            if accepted {
                beat += 1
                if beat == gen.beats { beat = 0; vector += 1 }
            }
            if cycles > 100 * (inputs.count + 4) * (gen.interval + gen.latency) { throw CLIUsageError("the kllm_linear RTL stopped producing results") }
        }
        try sim.poke("in_valid", 0)
        return (y, cycles)
    }
}

import ArgumentParser
import BitVector
import Foundation
import HDLSim
import KLLMGen
import KLLMGolden
import SimTesting

/// `kllm-gen layer`: a real weight matrix through the kllm_linear RTL (Verilator).
struct Layer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a real weight matrix through the kllm_linear RTL and compare it with FP32.",
        discussion: """
        Quantizes the tensor as the paper does (one K-Means weight codebook per matrix with a scale per row, an activation
        codebook calibrated on one sentence, top-k outliers exact, fixed point), generates a kllm_linear tile with
        K = in-features, runs every row tile of the matrix through the Verilator model on the real activations of another
        sentence, and prints the mismatches against the bit-exact model (must be 0), the accuracy of each step vs FP32,
        and the cycles per token.
        Example: kllm-gen layer --safetensors model.safetensors --tensor encoder.layer.0.attention.self.query.weight
        """)

    @Option(help: "A .safetensors checkpoint (BERT-style encoder or decoder).")
    var safetensors: String

    @Option(help: "The weight matrix (out-features x in-features, at most 4096 x 4096).")
    var tensor: String

    @Option(help: "Tokens of the evaluation sentence to run (1...37).")
    var tokens = 32

    @Option(name: .short, help: ArgumentHelp("kllm_linear parameter NAME=VALUE (N = rows per tile, default 16; K is the in-features).",
                                             valueName: "NAME=VALUE"))
    var p: [String] = []

    func run() throws {
        try runReportingErrors {
            let file = try SafeTensorsFile(path: safetensors)
            let w = try file.matrix(tensor)
            guard (try file.tensor(tensor)).shape.count == 2 else { throw CLIUsageError("'\(tensor)' is not a matrix") }
            guard w.rows <= 4096, w.cols <= 4096 else { throw CLIUsageError("'\(tensor)' is \(w.rows) x \(w.cols); at most 4096 x 4096") }
            guard (1...ModelInputs.evaluationTokens.count).contains(tokens) else {
                throw CLIUsageError("--tokens must be in 1...\(ModelInputs.evaluationTokens.count) (got \(tokens))")
            }
            var overrides = try parseParameterAssignments(p)
            if overrides["K"] != nil { throw CLIUsageError("K is the tensor's in-features (\(w.cols)); do not set it") }
            overrides["K"] = String(w.cols)
            if overrides["N"] == nil { overrides["N"] = String(min(16, w.rows)) }
            let values = try LinearSpec.block.checkedParameters(overrides)
            let gen = try LinearSpec.generator(values)

            let calibration = try ModelInputs.activations(file, tokens: ModelInputs.calibrationTokens, inFeatures: w.cols)
            let x = try ModelInputs.activations(file, tokens: Array(ModelInputs.evaluationTokens.prefix(tokens)), inFeatures: w.cols)
            var shape = HardwareLinear.Shape()
            (shape.weightBits, shape.activationBits, shape.topK) = (gen.weightBits, gen.activationBits, gen.topK)
            (shape.dataWidth, shape.weightWidth, shape.scaleWidth, shape.accWidth) = (gen.dataWidth, gen.weightWidth, gen.scaleWidth, gen.accWidth)
            let hw = HardwareLinear(weights: w, calibration: calibration, shape: shape)
            let expected = hw.run(x)

            let run = try LayerRun(gen, hw, inputs: hw.inputs(x))
            var mismatches = 0
            for t in 0..<x.rows { for r in 0..<w.rows where run.outputs[t][r] != expected[t][r] { mismatches += 1 } }

            print("\(tensor): \(w.rows) x \(w.cols), \(x.rows) tokens, \(run.tiles) tiles of N=\(gen.rows) rows "
                  + "(kllm_linear K=\(gen.inputs) LANES=\(gen.lanes) TOPK=\(gen.topK), latency \(gen.latency), interval \(gen.interval))")
            print("formats: x \(hw.dataFormat), Cw \(hw.weightFormat), s \(hw.scaleFormat)")
            print("RTL vs bit-exact model: \(mismatches) mismatches in \(x.rows * w.rows) outputs")
            print(String(format: "cycles per token per tile: %.2f (stream of %d tokens, table loads excluded); whole matrix: %.1f",
                         run.cyclesPerToken, x.rows, run.cyclesPerToken * Double(run.tiles)))
            print(Evaluation.table(hw.study(weights: w, inputs: x, calibration: calibration)), terminator: "")
            if mismatches > 0 { throw ExitCode(1) }
        }
    }
}

/// Every row tile of a matrix through one kllm_linear Verilator model.
struct LayerRun {
    /// outputs[token][row]
    var outputs: [[BitVector]]
    var tiles = 0
    var cyclesPerToken = 0.0

    init(_ g: LinearGenerator, _ hw: HardwareLinear, inputs: [[Int64]]) throws {
        let sim = try Simulator(module: g.build())
        let rows = hw.tables.weights.count
        outputs = Array(repeating: Array(repeating: BitVector.zero(1), count: rows), count: inputs.count)
        tiles = (rows + g.rows - 1) / g.rows
        try sim.zeroInputs()
        try sim.reset()
        func write(_ we: String, _ addr: String, _ data: String, _ entries: [[UInt64]]) throws {
            for (a, v) in entries.enumerated() {
                try sim.poke(we, 1)
                try sim.poke(addr, UInt64(a))
                try sim.poke(data, words: v)
                sim.step()
            }
            try sim.poke(we, 0)
        }
        func signed(_ v: [Int64], _ width: Int) -> [[UInt64]] { v.map { BitVector(Int($0), width: width).words } }
        try write("cw_we", "cw_waddr", "cw_wdata", signed(hw.tables.cw, g.weightWidth))
        try write("ca_we", "ca_waddr", "ca_wdata", signed(hw.tables.ca, g.dataWidth))
        try write("thr_we", "thr_waddr", "thr_wdata", signed(hw.tables.thresholds, g.dataWidth))
        var streamCycles = 0
        for tile in 0..<tiles {
            FileHandle.standardError.write(Data("kllm-gen layer: tile \(tile + 1)/\(tiles)\r".utf8))
            let rowRange = (tile * g.rows)..<min(rows, (tile + 1) * g.rows)
            // A last, partial tile repeats row 0 where the matrix has no rows left.
            let tileRows = (0..<g.rows).map { rowRange.contains(tile * g.rows + $0) ? tile * g.rows + $0 : 0 }
            var t = hw.tables
            t.scales = tileRows.map { hw.tables.scales[$0] }
            t.weights = tileRows.map { hw.tables.weights[$0] }
            try write("s_we", "s_waddr", "s_wdata", signed(t.scales, g.scaleWidth))
            try write("w_we", "w_waddr", "w_wdata", LinearSpec.weightWords(g, t).map(\.words))
            while try sim.peek("in_ready") == 0 { sim.step() }
            // Stream every token back to back; collect output beats as they leave.
            var beat = 0, token = 0, received = 0, cycles = 0
            var outRow = 0, outToken = 0
            while received < inputs.count * g.outputBeats {
                if token < inputs.count {
                    let x = inputs[token]
                    try sim.poke("in_valid", 1)
                    try sim.poke("in_data", words: BitVector.bus(Array(x[(beat * g.lanes)..<((beat + 1) * g.lanes)]), width: g.dataWidth).words)
                } else {
                    try sim.poke("in_valid", 0)
                }
                if try sim.peek("out_valid") == 1 {
                    let y = BitVector(words: try sim.peekWords("out_y"), width: g.outLanes * g.outputWidth)
                    for j in 0..<g.outLanes {
                        let r = tile * g.rows + outRow + j
                        if rowRange.contains(r) { outputs[outToken][r] = y.slice(lo: j * g.outputWidth, count: g.outputWidth) }
                    }
                    outRow += g.outLanes
                    if outRow == g.rows { outRow = 0; outToken += 1 }
                    received += 1
                }
                let accepted = try token < inputs.count && sim.peek("in_ready") == 1
                sim.step()
                cycles += 1
                if accepted {
                    beat += 1
                    if beat == g.beats { beat = 0; token += 1 }
                }
                if cycles > 100 * (inputs.count + 4) * (g.interval + g.latency) { throw CLIUsageError("the RTL stopped producing results") }
            }
            streamCycles += cycles
        }
        FileHandle.standardError.write(Data("\n".utf8))
        cyclesPerToken = Double(streamCycles) / Double(tiles * inputs.count)
    }
}

import ArgumentParser
import BitVector
import Foundation
import HDLSim
import KLLMGen
import KLLMGolden
import SimBridge

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
        let runner = try LinearTileRunner(g)
        let rows = hw.tables.weights.count
        outputs = Array(repeating: Array(repeating: BitVector.zero(1), count: rows), count: inputs.count)
        tiles = (rows + g.rows - 1) / g.rows
        try runner.loadCodebooks(hw.tables)
        var streamCycles = 0
        for tile in 0..<tiles {
            FileHandle.standardError.write(Data("kllm-gen layer: tile \(tile + 1)/\(tiles)\r".utf8))
            let rowRange = (tile * g.rows)..<min(rows, (tile + 1) * g.rows)
            // A last, partial tile repeats row 0 where the matrix has no rows left.
            let tileRows = (0..<g.rows).map { rowRange.contains(tile * g.rows + $0) ? tile * g.rows + $0 : 0 }
            var t = hw.tables
            t.scales = tileRows.map { hw.tables.scales[$0] }
            t.weights = tileRows.map { hw.tables.weights[$0] }
            try runner.loadRows(t)
            let run = try runner.stream(inputs)
            for (token, y) in run.y.enumerated() {
                for (j, r) in rowRange.enumerated() { outputs[token][r] = y[j] }
            }
            streamCycles += run.cycles
        }
        FileHandle.standardError.write(Data("\n".utf8))
        cyclesPerToken = Double(streamCycles) / Double(tiles * inputs.count)
    }
}

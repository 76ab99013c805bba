import BitVector
import Foundation
import KLLMGen
import KLLMGolden
import KLLMModel
import Randomness

/// `kllm-gen model --rtl N|all`: tiles of the model chosen at random (seeded; one of
/// each kllm_linear configuration the model uses first) or all of them, each run on the kllm_linear RTL under Verilator with the tables
/// the hardware path fitted and the fixed-point inputs it fed that layer, and
/// compared output by output with the bit-exact model (LinearModel) and with
/// the hardware path's own sums.
struct RTLTilePlan {
    /// (layer name, tile index) to run.
    let tiles: [(layer: String, tile: Int)]
    var layerNames: Set<String> { Set(tiles.map(\.layer)) }

    init(spec: String, seed: UInt64, model: Transformer, path: HardwarePath) throws {
        var all: [(layer: String, tile: Int)] = []
        var configuration: [String: String] = [:]   // layer -> its kllm_linear configuration
        for layer in model.weights.blocks.flatMap(\.linears) {
            guard let q = path.layers[layer.name] else { continue }
            all += (0..<q.tiles.count).map { (layer.name, $0) }
            configuration[layer.name] = "\(q.inFeatures) \(q.geometry)"
        }
        if spec == "all" { tiles = all; return }
        guard let n = Int(spec), n >= 1 else { throw CLIUsageError("--rtl takes a positive number of tiles or 'all' (got '\(spec)')") }
        // One tile of each kllm_linear configuration the model uses first (as far as N allows), then any.
        var rng = SeededRandom(seed: seed)
        var pool = all
        var chosen: [(layer: String, tile: Int)] = []
        for c in Set(configuration.values).sorted() where chosen.count < n {
            let candidates = pool.indices.filter { configuration[pool[$0].layer] == c }
            chosen.append(pool.remove(at: candidates[Int(rng.next() % UInt64(candidates.count))]))
        }
        while chosen.count < min(n, all.count) { chosen.append(pool.remove(at: Int(rng.next() % UInt64(pool.count)))) }
        tiles = chosen
    }

    /// Writes the first chosen tile as vector files (its tables, the inputs the hardware path fed its
    /// layer, the bit-exact results; `LinearSpec.vectorFiles`) into `folder`.
    func exportFirstTile(_ path: HardwarePath, to folder: String) throws {
        guard let t = tiles.first, let q = path.layers[t.layer] else { throw CLIUsageError("no tile to export") }
        let inputs = path.recordedInputs[t.layer] ?? []
        guard !inputs.isEmpty else { throw CLIUsageError("no recorded inputs for \(t.layer)") }
        let set = LinearSpec.vectorFiles(try ModelReport.generator(q), q.paddedTables(t.tile), vectors: inputs)
        try RTLWriter(outputDirectory: folder).write(set.rendered)
        print("exported \(t.layer) tile \(t.tile) (\(inputs.count) vectors) to \(folder)")
    }

    /// Runs every chosen tile; prints one line each and a summary; returns the mismatches.
    func run(_ path: HardwarePath) throws -> Int {
        var runners: [String: LinearTileRunner] = [:]
        var mismatches = 0, outputs = 0
        for (i, t) in tiles.enumerated() {
            let q = path.layers[t.layer]!
            let gen = try ModelReport.generator(q)
            let key = "\(gen.rows)-\(gen.inputs)-\(gen.weightBits)-\(gen.activationBits)-\(gen.topK)-\(gen.dataWidth)-\(gen.weightWidth)-\(gen.scaleWidth)-\(gen.accWidth)"
            if runners[key] == nil {
                progress("building the kllm_linear model N=\(gen.rows) K=\(gen.inputs) W\(gen.weightBits)A\(gen.activationBits) TOPK=\(gen.topK) (Verilator, cached)")
                runners[key] = try LinearTileRunner(gen)
            }
            let runner = runners[key]!
            let tables = q.paddedTables(t.tile)
            let inputs = path.recordedInputs[t.layer] ?? []
            guard !inputs.isEmpty else { throw CLIUsageError("no recorded inputs for \(t.layer)") }
            try runner.loadCodebooks(tables)
            try runner.loadRows(tables)
            let rtl = try runner.stream(inputs)
            let fast = q.accumulators(inputs)
            var bad = 0
            for (v, x) in inputs.enumerated() {
                let model = LinearModel.run(x, tables, topK: gen.topK, accWidth: gen.accWidth, scaleWidth: gen.scaleWidth)
                for (j, r) in q.tiles[t.tile].rows.enumerated() {
                    outputs += 1
                    if rtl.y[v][j] != model.y[j] || fast[v][r] != model.acc[j] { bad += 1 }
                }
            }
            mismatches += bad
            print("rtl tile \(i + 1)/\(tiles.count): \(t.layer) tile \(t.tile) (rows \(q.tiles[t.tile].rows.lowerBound)..<\(q.tiles[t.tile].rows.upperBound)), "
                  + "\(inputs.count) vectors in \(rtl.cycles) cycles: \(bad) mismatches")
            fflush(nil)
        }
        print("RTL vs bit-exact model: \(tiles.count) tiles, \(outputs) outputs, \(mismatches) mismatches")
        return mismatches
    }
}

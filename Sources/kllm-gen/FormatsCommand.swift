import ArgumentParser
import Foundation
import KLLMGen
import KLLMGolden

/// `kllm-gen formats`: the accuracy of each datapath's number format on real weights.
struct Formats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Accuracy of every number format of the area table on real weight matrices.",
        discussion: """
        For each tensor: y = x W^T on the real activations of the evaluation sentence (LayerNorm of the token embeddings),
        against FP32, for uniform INT4 and INT8 (the MAC arrays), the FP16 dequant-MAC path and the K-Means W4A4 index path
        (per-matrix codebook with row scales, calibrated activation codebook, top-k outliers exact) with its product table
        rounded to each --lut-width. Prints one CSV line per tensor and format.
        Example: kllm-gen formats --safetensors model.safetensors
        """)

    @Option(help: "A .safetensors checkpoint (BERT-style encoder or decoder).")
    var safetensors: String

    @Option(help: "A weight matrix to evaluate (repeatable; default: the attention and MLP matrices of the first layer).")
    var tensor: [String] = []

    @Option(help: "Product-table widths of the index path (comma-separated, 2...32).")
    var lutWidths = "16,8,6"

    @Option(help: "Outliers compensated per token on each side.")
    var topk = 2

    @Option(help: "Tokens of the evaluation sentence (1...37).")
    var tokens = 32

    func run() throws {
        try runReportingErrors {
            let widths = try lutWidths.split(separator: ",").map { part -> Int in
                guard let v = Int(part.trimmingCharacters(in: .whitespaces)), (2...32).contains(v) else {
                    throw CLIUsageError("--lut-widths takes comma-separated widths in 2...32 (got '\(lutWidths)')")
                }
                return v
            }
            guard topk >= 0 else { throw CLIUsageError("--topk must be at least 0 (got \(topk))") }
            guard (1...ModelInputs.evaluationTokens.count).contains(tokens) else {
                throw CLIUsageError("--tokens must be in 1...\(ModelInputs.evaluationTokens.count) (got \(tokens))")
            }
            let file = try SafeTensorsFile(path: safetensors)
            let names = tensor.isEmpty ? Self.firstLayerMatrices(file) : tensor
            guard !names.isEmpty else { throw CLIUsageError("\(safetensors) holds no layer-0 attention or MLP matrix; name one with --tensor") }
            print("tensor,format,bits,nmse,cosine")
            for name in names {
                let w = try file.matrix(name)
                let calibration = try ModelInputs.activations(file, tokens: ModelInputs.calibrationTokens, inFeatures: w.cols)
                let x = try ModelInputs.activations(file, tokens: Array(ModelInputs.evaluationTokens.prefix(tokens)), inFeatures: w.cols)
                var shape = HardwareLinear.Shape()
                shape.topK = topk
                let hw = HardwareLinear(weights: w, calibration: calibration, shape: shape)
                for row in hw.formatStudy(weights: w, inputs: x, tableWidths: widths) {
                    print("\(name),\"\(row.method)\",\(row.bits),\(String(format: "%.4e", row.nmse)),\(String(format: "%.6f", row.cosine))")
                }
            }
        }
    }

    /// The 2-D weights of the first transformer layer whose input is the embedding width.
    static func firstLayerMatrices(_ file: SafeTensorsFile) -> [String] {
        file.entries.keys.sorted().filter { name in
            let e = file.entries[name]!
            return e.shape.count == 2 && name.hasSuffix(".weight") && (name.contains("layer.0.") || name.contains("layers.0."))
        }
    }
}

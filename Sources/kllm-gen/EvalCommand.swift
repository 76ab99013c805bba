import ArgumentParser
import Foundation
import HDL
import KLLMGen
import KLLMGolden

/// `kllm-gen eval`: the quantization study table.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare FP32, uniform INT-b and K-Means W/A quantization (with and without top-k outlier compensation).",
        discussion: """
        Prints NMSE and cosine similarity against FP32 for every projection of a synthetic decoder block
        (RMSNorm, Q/K/V/O, softmax attention, SwiGLU MLP) and for the block output. With --safetensors,
        evaluates the named 2-D tensor (F32/F16/BF16) as a weight matrix on synthetic LLM-like activations.
        """)

    @Option(help: "Index bits (2...8); at 4 the 3-bit methods are added.")
    var bits = 4

    @Option(help: "Outliers compensated per token on each side (largest and smallest).")
    var topk = 4

    @Option(help: "Random seed of the synthetic tensors.")
    var seed: UInt64 = 1

    @Option(help: "A .safetensors file holding real weights.")
    var safetensors: String?

    @Option(help: "The tensor to read from --safetensors (default: the first 2-D floating-point tensor by name).")
    var tensor: String?

    @Flag(help: "List the tensors of --safetensors (name, dtype, shape) and stop.")
    var list = false

    func run() throws {
        try runReportingErrors {
            guard (2...8).contains(bits) else { throw CLIUsageError("--bits must be in 2...8 (got \(bits))") }
            guard topk >= 0 else { throw CLIUsageError("--topk must be at least 0 (got \(topk))") }
            var config = Evaluation.Config()
            config.bits = bits
            config.topK = topk
            config.seed = seed
            let rows: [EvalRow]
            if list && safetensors == nil { throw CLIUsageError("--list needs --safetensors") }
            if let path = safetensors {
                let file = try SafeTensorsFile(path: path)
                if list {
                    file.listing.forEach { print($0) }
                    return
                }
                let name = try tensor ?? file.entries.keys.sorted().first(where: {
                    let e = file.entries[$0]!
                    return e.shape.count == 2 && (e.dtype.hasPrefix("F") || e.dtype == "BF16")
                })
                    ?? { throw CLIUsageError("\(path) holds no 2-D tensor; name one with --tensor") }()
                rows = Evaluation.weightStudy(try file.matrix(name), name: name, config)
            } else {
                if tensor != nil { throw CLIUsageError("--tensor needs --safetensors") }
                rows = Evaluation.decoderStudy(config)
            }
            print(Evaluation.table(rows), terminator: "")
        }
    }
}

/// `kllm-gen list`: the tops and their parameters.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the tops and their parameters.")

    func run() throws {
        for g in Registry.all {
            print("\(g.name): \(g.summary)\(g.hasVectors ? " [vectors]" : "")")
            for p in g.parameters {
                let fpga = p.defaultDescription(on: .fpga).map { ", on FPGAs \($0)" } ?? ""
                print("    \(p.name) = \(p.defaultDescription)\(fpga) (\(p.valuesDescription)): \(p.summary)")
            }
        }
    }
}

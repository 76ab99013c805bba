import ArgumentParser
import Foundation
import HDL
import KLLMGen
import KLLMGolden

/// `kllm-gen`: writes the KLLM accelerator RTL from the Swift generators.
struct KLLMGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kllm-gen",
        abstract: "Generate Verilog for the KLLM accelerator blocks from the Swift HDL generators.",
        discussion: """
        With no subcommand, writes every top of the default configuration into rtl-out/
        (one self-contained <top>.v each, manifest.json and the FuseSoC core kllm.core).
        """,
        subcommands: [DefaultRTL.self, Generate.self, Vectors.self, CheckVectors.self, Eval.self, List.self],
        defaultSubcommand: DefaultRTL.self)
}

/// Runs `body`, turning any error into one `kllm-gen: error:` line and exit status 1.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ElaborationError {
        let first = e.diagnostics.first.map(\.description) ?? "elaboration failed"
        let more = e.diagnostics.count > 1 ? " (and \(e.diagnostics.count - 1) more)" : ""
        FileHandle.standardError.write(Data("kllm-gen: error: \(first)\(more)\n".utf8))
        throw ExitCode(1)
    } catch let e as ExitCode {
        throw e
    } catch {
        FileHandle.standardError.write(Data("kllm-gen: error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// The top to work on and its parameter overrides.
struct TopOptions: ParsableArguments {
    @Argument(help: "Top module (see `kllm-gen list`).")
    var top: String

    @Option(name: .short, help: ArgumentHelp("Parameter override NAME=VALUE (repeatable).", valueName: "NAME=VALUE"))
    var p: [String] = []

    func generator() throws -> TopGenerator { try Registry.generator(top) }
    func overrides() throws -> [String: String] { try Registry.parseAssignments(p) }
}

struct DefaultRTL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all", abstract: "Write the default configuration's RTL (the default subcommand).")

    @Option(name: .long, help: "Output folder.")
    var out = "rtl-out"

    func run() throws {
        try runReportingErrors {
            let tops = try Registry.all.filter(\.inDefaultSet).map { try $0.build() }
            let written = try RTLWriter(outputDirectory: out).write(RTLWriter.render(tops))
            for path in written { print("wrote \(path)") }
        }
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one top with parameters.",
        discussion: "Example: kllm-gen generate counter -p WIDTH=12 --out build/rtl")

    @OptionGroup var target: TopOptions

    @Option(name: .long, help: "Output folder.")
    var out = "rtl-out"

    func run() throws {
        try runReportingErrors {
            let module = try target.generator().build(target.overrides())
            let written = try RTLWriter(outputDirectory: out).write(RTLWriter.render([module]))
            for path in written { print("wrote \(path)") }
        }
    }
}

struct Vectors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write stimulus and expected-output files (one hex word per line) for a testbench.",
        discussion: "Example: kllm-gen vectors signed_mac -p A_W=8 --seed 1 --count 1000 --out testbenches/out/signed_mac")

    @OptionGroup var target: TopOptions

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Number of vectors (cycles, beats or vectors, by top).")
    var count = 1000

    @Option(name: .long, help: "Output folder.")
    var out: String

    func run() throws {
        try runReportingErrors {
            let set = try VectorRegistry.vectors(top: target.top, parameters: target.overrides(), seed: seed, count: count)
            let written = try RTLWriter(outputDirectory: out).write(set.rendered)
            for path in written { print("wrote \(path)") }
        }
    }
}

struct CheckVectors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-vectors",
        abstract: "Check a vector set against the golden model (file shapes and every expected output).")

    @OptionGroup var target: TopOptions

    @Option(name: .long, help: "Folder holding count.hex, table.hex, in.hex, expect.hex.")
    var dir: String

    func run() throws {
        try runReportingErrors {
            let gen = try target.generator()
            _ = try gen.build(target.overrides())  // validates names and values
            print(try VectorChecker.check(top: target.top, parameters: gen.resolve(target.overrides()), dir: dir))
        }
    }
}

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

    @Option(help: "The tensor to read from --safetensors (default: the first 2-D tensor by name).")
    var tensor: String?

    func run() throws {
        try runReportingErrors {
            guard (2...8).contains(bits) else { throw CLIUsageError("--bits must be in 2...8 (got \(bits))") }
            guard topk >= 0 else { throw CLIUsageError("--topk must be at least 0 (got \(topk))") }
            var config = Evaluation.Config()
            config.bits = bits
            config.topK = topk
            config.seed = seed
            let rows: [EvalRow]
            if let path = safetensors {
                let file = try SafeTensorsFile(path: path)
                let name = try tensor ?? file.entries.keys.sorted().first(where: { file.entries[$0]!.shape.count == 2 })
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

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the tops and their parameters.")

    func run() throws {
        for g in Registry.all {
            print("\(g.name): \(g.summary)")
            for p in g.parameters { print("    \(p.name) (default \(p.defaultValue)): \(p.summary)") }
        }
    }
}

KLLMGenCommand.main()

import ArgumentParser
import Foundation
import HDL
import KLLMGen
import KLLMGolden

/// `kllm-gen vectors TOP ...`: testbench vector files from the golden model.
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
            let spec = try target.spec()
            let set = try spec.vectorCodec(target.values()).write(seed: seed, count: count)
            let written = try RTLWriter(outputDirectory: out).write(set.rendered)
            for path in written { print("wrote \(path)") }
        }
    }
}

/// `kllm-gen check-vectors TOP --dir DIR`: a vector set checked against the golden model.
struct CheckVectors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-vectors",
        abstract: "Check a vector set against the golden model (file shapes and every expected output).")

    @OptionGroup var target: TopOptions

    @Option(name: .long, help: "Folder holding count.hex, table.hex, in.hex, expect.hex.")
    var dir: String

    func run() throws {
        try runReportingErrors {
            let spec = try target.spec()
            print("\(spec.name): " + (try spec.vectorCodec(target.values()).check(dir: dir)))
        }
    }
}

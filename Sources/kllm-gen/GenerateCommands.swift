import ArgumentParser
import Foundation
import HDL
import KLLMGen
import KLLMGolden

/// `kllm-gen` / `kllm-gen all`: the default configuration into rtl-out/.
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

/// `kllm-gen generate TOP -p NAME=VALUE --out DIR`: one top with parameters.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one top with parameters.",
        discussion: "Example: kllm-gen generate counter -p WIDTH=12 --out build/rtl")

    @OptionGroup var target: TopOptions

    @Option(name: .long, help: "Output folder.")
    var out = "rtl-out"

    func run() throws {
        try runReportingErrors {
            let module = try target.spec().build(target.overrides())
            let written = try RTLWriter(outputDirectory: out).write(RTLWriter.render([module]))
            for path in written { print("wrote \(path)") }
        }
    }
}

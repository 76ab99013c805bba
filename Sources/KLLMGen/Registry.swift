import HDL

/// A generator the CLI can run by name: its top module, parameters and defaults.
public struct TopGenerator: Sendable {
    /// A named integer parameter with its default.
    public struct Parameter: Sendable {
        public let name: String
        public let defaultValue: Int
        public let summary: String
    }
    /// Top module name (the Verilog module and file name).
    public let name: String
    public let summary: String
    public let parameters: [Parameter]
    /// Whether `swift run kllm-gen` writes it into rtl-out/ by default.
    public let inDefaultSet: Bool
    let make: @Sendable ([String: Int]) throws -> ModuleDef

    /// Elaborate with `overrides` on top of the defaults; unknown names are an error.
    public func build(_ overrides: [String: Int] = [:]) throws -> ModuleDef {
        for key in overrides.keys.sorted() where !parameters.contains(where: { $0.name == key }) {
            throw CLIUsageError("'\(name)' has no parameter '\(key)'; its parameters: \(parameters.map(\.name).joined(separator: ", "))")
        }
        var values: [String: Int] = [:]
        for p in parameters { values[p.name] = overrides[p.name] ?? p.defaultValue }
        return try make(values)
    }
}

/// A usage mistake (unknown top, unknown parameter, malformed option).
public struct CLIUsageError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}

/// Every generator `kllm-gen` knows, in output order.
public enum Registry {
    public static let examples: [TopGenerator] = [
        TopGenerator(name: "counter", summary: "up-counter with enable (example)",
                     parameters: [.init(name: "WIDTH", defaultValue: 8, summary: "counter width")],
                     inDefaultSet: true) { try counter(width: $0["WIDTH"]!) },
        TopGenerator(name: "signed_mac", summary: "signed multiply-accumulate (example)",
                     parameters: [.init(name: "A_W", defaultValue: 8, summary: "width of a"),
                                  .init(name: "B_W", defaultValue: 8, summary: "width of b"),
                                  .init(name: "ACC_W", defaultValue: 24, summary: "accumulator width")],
                     inDefaultSet: true) { try signedMAC(aWidth: $0["A_W"]!, bWidth: $0["B_W"]!, accWidth: $0["ACC_W"]!) },
        TopGenerator(name: "fifo", summary: "memory-based FIFO (example)",
                     parameters: [.init(name: "WIDTH", defaultValue: 16, summary: "word width"),
                                  .init(name: "DEPTH", defaultValue: 8, summary: "words, a power of two")],
                     inDefaultSet: true) { try fifo(width: $0["WIDTH"]!, depth: $0["DEPTH"]!) },
        TopGenerator(name: "wide_adder", summary: "combinational wide adder (example)",
                     parameters: [.init(name: "WIDTH", defaultValue: 256, summary: "operand width")],
                     inDefaultSet: true) { try wideAdder(width: $0["WIDTH"]!) },
    ]

    /// All generators.
    public static var all: [TopGenerator] { examples }

    /// The generator named `name`, or a usage error listing the known ones.
    public static func generator(_ name: String) throws -> TopGenerator {
        guard let g = all.first(where: { $0.name == name }) else {
            throw CLIUsageError("unknown top '\(name)'; known tops: \(all.map(\.name).joined(separator: ", "))")
        }
        return g
    }

    /// Parses `NAME=VALUE` options into a dictionary (clear errors for malformed ones).
    public static func parseAssignments(_ items: [String]) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw CLIUsageError("malformed parameter '\(item)': expected NAME=VALUE, e.g. -p ROWS=4")
            }
            guard let v = Int(parts[1]) else {
                throw CLIUsageError("malformed parameter '\(item)': value '\(parts[1])' is not an integer")
            }
            guard out[String(parts[0])] == nil else { throw CLIUsageError("parameter '\(parts[0])' given twice") }
            out[String(parts[0])] = v
        }
        return out
    }
}

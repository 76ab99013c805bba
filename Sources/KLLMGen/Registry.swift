import HDL

/// A generator the CLI can run by name: its top module, parameters and defaults.
public struct TopGenerator: Sendable {
    /// A named integer parameter with its default; with `choices`, the value may
    /// also be given by name (`ARCH=histogram` is `ARCH=1`).
    public struct Parameter: Sendable {
        public let name: String
        public let defaultValue: Int
        public let summary: String
        public var choices: [String] = []

        /// The integer for a textual value.
        func value(_ text: String, top: String) throws -> Int {
            if let i = choices.firstIndex(of: text) { return i }
            guard let v = Int(text) else {
                let names = choices.isEmpty ? "" : " or one of \(choices.joined(separator: ", "))"
                throw CLIUsageError("malformed parameter '\(name)=\(text)': expected an integer\(names)")
            }
            if !choices.isEmpty && !(0..<choices.count).contains(v) {
                throw CLIUsageError("parameter \(name) of '\(top)' must be one of \(choices.joined(separator: ", "))")
            }
            return v
        }
    }
    /// Top module name (the Verilog module and file name).
    public let name: String
    public let summary: String
    public let parameters: [Parameter]
    /// Whether `swift run kllm-gen` writes it into rtl-out/ by default.
    public let inDefaultSet: Bool
    let make: @Sendable ([String: Int]) throws -> ModuleDef

    /// All parameter values: the defaults with `overrides` applied; unknown names are an error.
    public func resolve(_ overrides: [String: String]) throws -> [String: Int] {
        for key in overrides.keys.sorted() where !parameters.contains(where: { $0.name == key }) {
            throw CLIUsageError("'\(name)' has no parameter '\(key)'; its parameters: \(parameters.map(\.name).joined(separator: ", "))")
        }
        var values: [String: Int] = [:]
        for p in parameters { values[p.name] = try overrides[p.name].map { try p.value($0, top: name) } ?? p.defaultValue }
        return values
    }

    /// The resolved parameters, after checking that the generator accepts them
    /// (elaborates once, so an illegal value is refused with its rule).
    public func checkedParameters(_ overrides: [String: String]) throws -> [String: Int] {
        let values = try resolve(overrides)
        _ = try make(values)
        return values
    }

    /// Elaborate with `overrides` (NAME -> value text) on top of the defaults.
    public func build(_ overrides: [String: String] = [:]) throws -> ModuleDef {
        try make(resolve(overrides))
    }

    /// Elaborate with integer overrides.
    public func build(values overrides: [String: Int]) throws -> ModuleDef {
        try build(overrides.mapValues { String($0) })
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

    /// The KLLM blocks of SPEC.md §1–§4 at their default parameters.
    public static let blocks: [TopGenerator] = [
        TopGenerator(name: "kllm_index_matmul", summary: "index MatMul through the centroid-product table (SPEC 1)",
                     parameters: [.init(name: "ROWS", defaultValue: 8, summary: "weight rows"),
                                  .init(name: "COLS", defaultValue: 8, summary: "activation columns"),
                                  .init(name: "WBITS", defaultValue: 4, summary: "weight index width"),
                                  .init(name: "ABITS", defaultValue: 4, summary: "activation index width"),
                                  .init(name: "LUT_W", defaultValue: 16, summary: "signed table entry width"),
                                  .init(name: "ACC_W", defaultValue: 32, summary: "signed accumulator width"),
                                  .init(name: "OUT_ROWS", defaultValue: 0, summary: "rows per output beat (0 = ROWS)"),
                                  .init(name: "ARCH", defaultValue: 0, summary: "micro-architecture: broadcast or histogram",
                                        choices: IndexMatMulGenerator.Architecture.allCases.map(\.rawValue))],
                     inDefaultSet: true) { p in
            try IndexMatMulGenerator(rows: p["ROWS"]!, cols: p["COLS"]!, weightBits: p["WBITS"]!, activationBits: p["ABITS"]!,
                                     lutWidth: p["LUT_W"]!, accWidth: p["ACC_W"]!, outRows: p["OUT_ROWS"]! == 0 ? nil : p["OUT_ROWS"]!,
                                     architecture: IndexMatMulGenerator.Architecture.allCases[p["ARCH"]!]).build()
        },
        TopGenerator(name: "kllm_quantizer", summary: "activation quantizer by thresholds (SPEC 2)",
                     parameters: [.init(name: "LANES", defaultValue: 8, summary: "inputs per beat"),
                                  .init(name: "DATA_W", defaultValue: 16, summary: "signed input width"),
                                  .init(name: "IBITS", defaultValue: 4, summary: "index width")],
                     inDefaultSet: true) { p in
            try QuantizerGenerator(lanes: p["LANES"]!, dataWidth: p["DATA_W"]!, indexBits: p["IBITS"]!).build()
        },
        TopGenerator(name: "kllm_orizuru", summary: "Orizuru top-k outlier engine (SPEC 3)",
                     parameters: [.init(name: "LANES", defaultValue: 8, summary: "elements per beat"),
                                  .init(name: "DATA_W", defaultValue: 16, summary: "signed element width"),
                                  .init(name: "TOPK", defaultValue: 4, summary: "largest and smallest kept"),
                                  .init(name: "POS_W", defaultValue: 16, summary: "position width")],
                     inDefaultSet: true) { p in
            try OrizuruGenerator(lanes: p["LANES"]!, dataWidth: p["DATA_W"]!, topK: p["TOPK"]!, positionWidth: p["POS_W"]!).build()
        },
        TopGenerator(name: "kllm_lut_map", summary: "elementwise LUT on indices (SPEC 4a)",
                     parameters: [.init(name: "LANES", defaultValue: 8, summary: "indices per beat"),
                                  .init(name: "IBITS", defaultValue: 4, summary: "index width"),
                                  .init(name: "OUT_W", defaultValue: 16, summary: "signed output width")],
                     inDefaultSet: true) { p in
            try LutMapGenerator(lanes: p["LANES"]!, indexBits: p["IBITS"]!, outWidth: p["OUT_W"]!).build()
        },
        TopGenerator(name: "kllm_lut_reduce", summary: "index-domain reduction through a histogram (SPEC 4b)",
                     parameters: [.init(name: "LANES", defaultValue: 8, summary: "indices per beat"),
                                  .init(name: "IBITS", defaultValue: 4, summary: "index width"),
                                  .init(name: "VAL_W", defaultValue: 16, summary: "signed table value width"),
                                  .init(name: "ACC_W", defaultValue: 32, summary: "signed sum width")],
                     inDefaultSet: true) { p in
            try LutReduceGenerator(lanes: p["LANES"]!, indexBits: p["IBITS"]!, valueWidth: p["VAL_W"]!, accWidth: p["ACC_W"]!).build()
        },
    ]

    /// All generators: the KLLM blocks, then the examples.
    public static var all: [TopGenerator] { blocks + examples }

    /// The generator named `name`, or a usage error listing the known ones.
    public static func generator(_ name: String) throws -> TopGenerator {
        guard let g = all.first(where: { $0.name == name }) else {
            throw CLIUsageError("unknown top '\(name)'; known tops: \(all.map(\.name).joined(separator: ", "))")
        }
        return g
    }

    /// Parses `NAME=VALUE` options into a dictionary (clear errors for malformed ones).
    public static func parseAssignments(_ items: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CLIUsageError("malformed parameter '\(item)': expected NAME=VALUE, e.g. -p ROWS=4")
            }
            guard out[String(parts[0])] == nil else { throw CLIUsageError("parameter '\(parts[0])' given twice") }
            out[String(parts[0])] = String(parts[1])
        }
        return out
    }
}

/// One declared parameter of a block: name, meaning, legal values and default.
/// Declared once per block; the CLI's parsing, `list`, the manifest and the
/// error messages all read this declaration.
public struct ParameterSpec: Sendable {
    /// The values a parameter takes.
    public enum Values: Sendable, Equatable {
        /// An integer in a range.
        case integer(ClosedRange<Int>)
        /// One of named choices (stored as the index, shown and parsed by name).
        case choice([String])
    }

    /// Where the default comes from.
    public enum Default: Sendable, Equatable {
        case value(Int)
        /// The value of another parameter of the same block (OUT_ROWS = ROWS).
        case sameAs(String)
    }

    public let name: String
    public let summary: String
    public let values: Values
    /// The default for `Target.asic` (the one `kllm-gen` writes into rtl-out/).
    public let defaultValue: Default
    /// The default for `Target.fpga` where it differs (nil: the same as `defaultValue`).
    public private(set) var fpgaDefault: TargetDefault?

    init(name: String, summary: String, values: Values, defaultValue: Default) {
        self.name = name
        self.summary = summary
        self.values = values
        self.defaultValue = defaultValue
    }

    /// This parameter with `value` as its default on FPGAs.
    public func onFPGA(_ value: Int) -> ParameterSpec {
        onFPGA(TargetDefault(describe(value)) { _ in value })
    }

    /// This choice parameter with `value` as its default on FPGAs.
    public func onFPGA<E: CaseIterable & RawRepresentable & Equatable>(_ value: E) -> ParameterSpec where E.RawValue == String {
        guard case .choice(let names) = values, let i = names.firstIndex(of: value.rawValue) else {
            preconditionFailure("\(name) is not a choice of \(E.self)")
        }
        return onFPGA(i)
    }

    /// This parameter with a default on FPGAs that depends on parameters declared before it.
    public func onFPGA(_ rule: TargetDefault) -> ParameterSpec {
        var copy = self
        copy.fpgaDefault = rule
        return copy
    }

    /// An integer parameter with a fixed default.
    public static func integer(_ name: String, default value: Int, in range: ClosedRange<Int>, _ summary: String) -> ParameterSpec {
        ParameterSpec(name: name, summary: summary, values: .integer(range), defaultValue: .value(value))
    }

    /// An integer parameter whose default is another parameter's value.
    public static func integer(_ name: String, defaultTo other: ParameterSpec, in range: ClosedRange<Int>, _ summary: String) -> ParameterSpec {
        ParameterSpec(name: name, summary: summary, values: .integer(range), defaultValue: .sameAs(other.name))
    }

    /// A parameter naming one case of `E` (given by name, e.g. `ARCH=histogram`).
    public static func choice<E: CaseIterable & RawRepresentable>(_ name: String, default value: E, _ summary: String) -> ParameterSpec
        where E.RawValue == String, E: Equatable {
        let cases = E.allCases.map(\.rawValue)
        return ParameterSpec(name: name, summary: summary, values: .choice(cases),
                             defaultValue: .value(cases.firstIndex(of: value.rawValue)!))
    }

    /// The stored value of choice `value` (nil stays nil: the default).
    public static func choiceIndex<E: CaseIterable & Equatable>(_ value: E?) -> Int? {
        value.flatMap { v in E.allCases.firstIndex(of: v).map { E.allCases.distance(from: E.allCases.startIndex, to: $0) } }
    }

    /// The stored value for a textual one, checked against the declaration.
    func parse(_ text: String, block: String) throws -> Int {
        switch values {
        case .choice(let names):
            if let i = names.firstIndex(of: text) { return i }
            throw CLIUsageError("parameter \(name) of '\(block)' must be one of \(names.joined(separator: ", ")) (got '\(text)')")
        case .integer:
            guard let v = Int(text) else { throw CLIUsageError("malformed parameter '\(name)=\(text)': expected an integer") }
            try check(v)
            return v
        }
    }

    /// Throws the rule unless `value` is in the declared range (integers only).
    public func check(_ value: Int, why: String? = nil) throws {
        guard case .integer(let range) = values, !range.contains(value) else { return }
        let rule = "must be in \(range.lowerBound)...\(range.upperBound)"
        throw ParameterError(parameter: name, value: value, reason: why.map { "\(rule) (\($0))" } ?? rule)
    }

    /// A stored value as a user writes it (a choice by name).
    public func describe(_ value: Int) -> String {
        if case .choice(let names) = values, names.indices.contains(value) { return names[value] }
        return String(value)
    }

    /// The default on `target` as `list` shows it (nil on FPGAs when it is the ASIC one).
    public func defaultDescription(on target: Target) -> String? {
        switch target {
        case .asic: return defaultDescription
        case .fpga: return fpgaDefault?.description
        }
    }

    /// The default as `list` shows it: a value, a choice name or another parameter's name.
    public var defaultDescription: String {
        switch defaultValue {
        case .value(let v): return describe(v)
        case .sameAs(let other): return other
        }
    }

    /// The legal values as `list` shows them.
    public var valuesDescription: String {
        switch values {
        case .integer(let r): return "\(r.lowerBound)..\(r.upperBound)"
        case .choice(let names): return names.joined(separator: " | ")
        }
    }

    /// The fixed default (for Swift default arguments); nil when it follows another parameter.
    public var fixedDefault: Int? {
        if case .value(let v) = defaultValue { return v }
        return nil
    }
}

/// What the generated RTL is for: the parameter defaults follow it. The ASIC
/// defaults are the ones `kllm-gen` writes into rtl-out/ (the product table in
/// registers, shallow pipelines); the FPGA defaults choose the block-RAM and
/// DSP micro-architectures and the pipelining that close 100 MHz on an ECP5
/// (README, "FPGA"). Explicit parameters win over either.
public enum Target: String, CaseIterable, Sendable {
    case asic, fpga
}

/// A default on one target that may follow parameters declared before it
/// (`OUTLIER_STAGES` = 5 when `OUTLIER_ARCH` is rank, 1 otherwise).
public struct TargetDefault: Sendable {
    /// As `list` shows it.
    public let description: String
    let value: @Sendable (ParameterLookup) -> Int

    public init(_ description: String, _ value: @escaping @Sendable (ParameterLookup) -> Int) {
        self.description = description
        self.value = value
    }
}

/// The values settled so far while defaults are resolved (the explicit ones and
/// those of parameters declared earlier).
public struct ParameterLookup: Sendable {
    let stored: [String: Int]

    /// The value of `p`; stops when it is not settled yet (a rule may read only earlier parameters).
    public subscript(_ p: ParameterSpec) -> Int {
        guard let v = stored[p.name] else { preconditionFailure("a target default reads \(p.name) before it is settled") }
        return v
    }

    /// The case of `E` that choice parameter `p` holds.
    public func choice<E: CaseIterable>(_ p: ParameterSpec, as: E.Type) -> E { Array(E.allCases)[self[p]] }
}

/// Resolved parameter values of one block, read by declaration:
/// `values[IndexMatMulSpec.rows]`, `values.choice(IndexMatMulSpec.arch, as: Architecture.self)`.
public struct ParameterValues: Sendable, Equatable {
    public let block: String
    /// Declarations in their order.
    public let specs: [ParameterSpec]
    private let stored: [String: Int]

    init(block: String, specs: [ParameterSpec], stored: [String: Int]) {
        self.block = block
        self.specs = specs
        self.stored = stored
    }

    public static func == (a: ParameterValues, b: ParameterValues) -> Bool { a.block == b.block && a.stored == b.stored }

    /// The value of `p` (a declaration of this block).
    public subscript(_ p: ParameterSpec) -> Int {
        guard let v = stored[p.name] else { preconditionFailure("'\(block)' declares no parameter \(p.name)") }
        return v
    }

    /// The case of `E` that choice parameter `p` holds.
    public func choice<E: CaseIterable>(_ p: ParameterSpec, as: E.Type) -> E {
        let all = Array(E.allCases)
        return all[self[p]]
    }

    /// Stops unless these are values of `spec` (a generator handed another block's values is a programming error).
    public func require(_ spec: BlockSpec) {
        precondition(block == spec.name, "values of '\(block)' given to the generator of '\(spec.name)'")
    }

    /// (name, value as written) in declaration order: what the manifest records.
    public var described: [(name: String, value: String)] {
        specs.map { ($0.name, $0.describe(stored[$0.name]!)) }
    }
}

/// Parses `-p NAME=VALUE` options (clear errors for malformed or repeated ones).
public func parseParameterAssignments(_ items: [String]) throws -> [String: String] {
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

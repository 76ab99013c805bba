import HDL

/// Everything the tools know about one top: its parameters (declared once), its
/// generator, and — for blocks with testbenches — the vector codec that writes
/// stimulus with the golden model's results and checks a vector set read back.
/// Adding a block means writing its generator, its `BlockSpec` and its tests.
public struct BlockSpec: Sendable {
    /// Top module name (the Verilog module and file name).
    public let name: String
    public let summary: String
    public let parameters: [ParameterSpec]
    /// Whether `swift run kllm-gen` writes it into rtl-out/ by default.
    public let inDefaultSet: Bool
    let generate: @Sendable (ParameterValues) throws -> ModuleDef
    let codec: (@Sendable (ParameterValues) throws -> any VectorCodec)?
    let companions: (@Sendable (ParameterValues) throws -> [(name: String, text: String)])?

    /// `companions`: files written beside the Verilog for the same values (a C header of a register map, say).
    public init(name: String, summary: String, parameters: [ParameterSpec], inDefaultSet: Bool = true,
                vectors: (@Sendable (ParameterValues) throws -> any VectorCodec)? = nil,
                companions: (@Sendable (ParameterValues) throws -> [(name: String, text: String)])? = nil,
                generate: @escaping @Sendable (ParameterValues) throws -> ModuleDef) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
        self.inDefaultSet = inDefaultSet
        self.codec = vectors
        self.companions = companions
        self.generate = generate
    }

    /// The files written beside the Verilog for `values` (none for most tops).
    public func companionFiles(_ values: ParameterValues) throws -> [(name: String, text: String)] {
        try companions?(values) ?? []
    }

    /// Every file of `specs` at `values`: the Verilog of each top, the manifest, the core file, the companions.
    public static func render(_ tops: [(spec: BlockSpec, values: ParameterValues)]) throws -> [(name: String, text: String)] {
        try RTLWriter.render(tops.map { try $0.spec.build($0.values) }) + tops.flatMap { try $0.spec.companionFiles($0.values) }
    }

    /// Whether `kllm-gen vectors` can write vectors for this top.
    public var hasVectors: Bool { codec != nil }

    /// The defaults with `overrides` (NAME -> text) applied, each checked against its
    /// declaration; unknown names are an error listing the known ones.
    public func resolve(_ overrides: [String: String] = [:], target: Target = .asic) throws -> ParameterValues {
        for key in overrides.keys.sorted() where !parameters.contains(where: { $0.name == key }) {
            throw CLIUsageError("'\(name)' has no parameter '\(key)'; its parameters: \(parameters.map(\.name).joined(separator: ", "))")
        }
        var given: [String: Int] = [:]
        for p in parameters { if let text = overrides[p.name] { given[p.name] = try p.parse(text, block: name) } }
        return try complete(given, target: target)
    }

    /// The defaults with the values a generator's labelled initializer was given
    /// (nil: the declared default), each checked against its declaration:
    /// `try LutMapSpec.block.resolve([(LutMapSpec.lanes, lanes), ...])`.
    public func resolve(_ given: [(ParameterSpec, Int?)], target: Target = .asic) throws -> ParameterValues {
        var values: [String: Int] = [:]
        for (p, v) in given {
            precondition(parameters.contains { $0.name == p.name }, "'\(name)' declares no parameter \(p.name)")
            guard let v else { continue }
            try p.check(v)
            values[p.name] = v
        }
        return try complete(values, target: target)
    }

    /// `given` plus every other parameter's default on `target` (fixed, following
    /// another parameter, or a target rule over the parameters declared before it).
    private func complete(_ given: [String: Int], target: Target) throws -> ParameterValues {
        var stored: [String: Int] = [:]
        for p in parameters {
            if let v = given[p.name] {
                stored[p.name] = v
            } else if target == .fpga, let rule = p.fpgaDefault {
                let v = rule.value(ParameterLookup(stored: stored))
                try p.check(v, why: "its FPGA default here; give \(p.name) explicitly")
                stored[p.name] = v
            } else if case .value(let v) = p.defaultValue {
                stored[p.name] = v
            }
        }
        for p in parameters where stored[p.name] == nil {   // defaults that follow another parameter
            guard case .sameAs(let other) = p.defaultValue, let v = stored[other] else {
                preconditionFailure("'\(name)': default of \(p.name) names an undeclared parameter")
            }
            stored[p.name] = v
        }
        return ParameterValues(block: name, specs: parameters, stored: stored)
    }

    /// Elaborate with resolved values.
    public func build(_ values: ParameterValues) throws -> ModuleDef { try generate(values) }

    /// Elaborate with `overrides` on top of the defaults for `target`.
    public func build(_ overrides: [String: String] = [:], target: Target = .asic) throws -> ModuleDef {
        try generate(resolve(overrides, target: target))
    }

    /// Resolved values the generator accepts (elaborates once, so an illegal
    /// combination is refused with the rule it breaks).
    public func checkedParameters(_ overrides: [String: String], target: Target = .asic) throws -> ParameterValues {
        let values = try resolve(overrides, target: target)
        _ = try generate(values)
        return values
    }

    /// The vector codec for `values`, or nil when the top has no vector files.
    public func vectorCodecIfAny(_ values: ParameterValues) throws -> (any VectorCodec)? {
        try codec.map { try $0(values) }
    }
}

/// A usage mistake (unknown top, unknown parameter, malformed option).
public struct CLIUsageError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ message: String) { description = message }
}

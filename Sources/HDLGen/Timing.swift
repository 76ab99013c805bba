import HDL

extension Annotation {
    /// Cycles from the edge that accepts a transaction (its last beat) to the
    /// result's valid: header `Latency: N cycles`, manifest `"latency": N`.
    public static func latency(_ cycles: Int) -> Annotation {
        Annotation(key: "latency", value: .int(cycles), comment: "Latency: \(cycles) cycle\(cycles == 1 ? "" : "s")")
    }

    /// Steady-state cycles between consecutive transactions: header `Interval: N cycles
    /// per transaction`, manifest `"interval": N`.
    public static func interval(_ cycles: Int) -> Annotation {
        Annotation(key: "interval", value: .int(cycles), comment: "Interval: \(cycles) cycle\(cycles == 1 ? "" : "s") per transaction")
    }
}

extension ModuleDef {
    /// The latency the generator annotated, if any.
    public var latency: Int? { intAnnotation("latency") }
    /// The interval the generator annotated, if any.
    public var interval: Int? { intAnnotation("interval") }
}

extension ModuleBuilder {
    /// Records `annotation` for the header comment and the manifest.
    public func annotate(_ annotation: Annotation) { annotations.append(annotation) }
}

extension ModuleBuilder {
    /// Records the block's resolved parameters (names and values as the user writes
    /// them) for the header comment and the manifest.
    public func record(_ values: ParameterValues) { parameters = values.described }
}

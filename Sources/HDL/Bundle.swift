/// A named record of hardware fields, declared as a Swift struct:
///
///     struct Beat: HardwareBundle {
///         var valid: HBool
///         var data: HUInt
///         init(_ f: BundleFields) { valid = f("valid", .bool); data = f("data", .uint(8)) }
///     }
///     let b = m.wire("in", Beat.self)   // wires in_valid, in_data
///
/// Fields become signals named `<bundle>_<field>`; `assign` connects field by field.
public protocol HardwareBundle {
    init(_ fields: BundleFields)
}

/// Makes the fields of a bundle for one declaration.
public struct BundleFields {
    let make: (String, Int, Bool) -> ExprNode

    /// A field named `name` of shape `spec`.
    public func callAsFunction<S: HardwareSpec>(_ name: String, _ spec: S) -> S.Value {
        S.Value(node: make(name, spec.width, S.Value.isSigned))
    }
}

extension HardwareBundle {
    /// The fields in declaration order (read through reflection).
    public var fields: [(name: String, value: any Hardware)] {
        Mirror(reflecting: self).children.compactMap { c in
            guard let n = c.label, let v = c.value as? any Hardware else { return nil }
            return (n, v)
        }
    }

    /// Drive every field from the same field of `other`.
    public func assign(_ other: Self, file: StaticString = #fileID, line: UInt = #line) {
        let loc = SourceLoc(file: file, line: line)
        for (mine, theirs) in zip(fields, other.fields) { mine.value.assignNode(theirs.value.node, loc: loc) }
    }
}

extension ModuleBuilder {
    private func bundle<B: HardwareBundle>(_ name: String, _ kind: SignalDecl.Kind, loc: SourceLoc) -> B {
        B(BundleFields { field, width, signed in
            self.declare("\(name)_\(field)", kind, width: width, signed: signed, loc: loc).ref
        })
    }

    /// Input ports `name_<field>` for every field of `B`.
    public func input<B: HardwareBundle>(_ name: String, _ type: B.Type, file: StaticString = #fileID, line: UInt = #line) -> B {
        bundle(name, .input, loc: SourceLoc(file: file, line: line))
    }

    /// Output ports `name_<field>` for every field of `B`.
    public func output<B: HardwareBundle>(_ name: String, _ type: B.Type, file: StaticString = #fileID, line: UInt = #line) -> B {
        bundle(name, .output, loc: SourceLoc(file: file, line: line))
    }

    /// Wires `name_<field>` for every field of `B`.
    public func wire<B: HardwareBundle>(_ name: String, _ type: B.Type, file: StaticString = #fileID, line: UInt = #line) -> B {
        bundle(name, .wire, loc: SourceLoc(file: file, line: line))
    }

    /// Registers `name_<field>` (no reset) for every field of `B`.
    public func reg<B: HardwareBundle>(_ name: String, _ type: B.Type, file: StaticString = #fileID, line: UInt = #line) -> B {
        needsClock = true
        return bundle(name, .register(RegisterInfo(reset: nil, enable: nil)), loc: SourceLoc(file: file, line: line))
    }
}

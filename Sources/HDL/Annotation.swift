/// A fact a generator states about its module — a latency, an interval, a
/// bus protocol — carried to the emitted header comment and to the manifest.
/// The IR and its checks give it no meaning; the tool that defines a key
/// (HDLGen's `latency`, `interval`) reads it back.
public struct Annotation: Sendable, Equatable {
    /// A number or a text.
    public enum Value: Sendable, Equatable {
        case int(Int)
        case text(String)
    }

    /// The manifest key (a top-level field of the top's entry).
    public let key: String
    public let value: Value
    /// The line the Verilog header shows, e.g. `Latency: 2 cycles`.
    public let comment: String

    public init(key: String, value: Value, comment: String) {
        self.key = key
        self.value = value
        self.comment = comment
    }
}

extension Array where Element == Annotation {
    /// The integer annotated under `key`, if any.
    public func int(_ key: String) -> Int? {
        if case .int(let v) = first(where: { $0.key == key })?.value { return v }
        return nil
    }
}

extension ModuleDef {
    /// The integer annotated under `key`, if any.
    public func intAnnotation(_ key: String) -> Int? { annotations.int(key) }
}

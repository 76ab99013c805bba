import HDL

/// An illegal generator parameter: names it, its value and the rule it breaks.
public struct ParameterError: Error, Sendable, CustomStringConvertible, Equatable {
    public let parameter: String
    /// The value as the user writes it (a choice parameter by name).
    public let value: String
    public let reason: String

    public init(parameter: String, value: String, reason: String) {
        self.parameter = parameter
        self.value = value
        self.reason = reason
    }

    public init(parameter: String, value: Int, reason: String) {
        self.init(parameter: parameter, value: String(value), reason: reason)
    }

    public var description: String { "illegal parameter \(parameter)=\(value): \(reason)" }
}

/// Throws unless `value` lies in `range`.
public func requireParameter(_ name: String, _ value: Int, in range: ClosedRange<Int>, why: String? = nil) throws {
    guard range.contains(value) else {
        let rule = "must be in \(range.lowerBound)...\(range.upperBound)"
        throw ParameterError(parameter: name, value: value, reason: why.map { "\(rule) (\($0))" } ?? rule)
    }
}

import Foundation
/// An assertion or assumption of the design that failed in simulation.
/// The simulation layer knows nothing of the language that stated it: the
/// property is named by the text its source gives (for DSL properties,
/// `message (File.swift:LINE)`).
public struct PropertyFailure: Sendable, Equatable, CustomStringConvertible {
    /// The clock cycle whose rising edge found the property false (0 = the first edge).
    public let cycle: UInt64
    /// The property: its message and where it is stated.
    public let property: String

    public init(cycle: UInt64, property: String) {
        self.cycle = cycle
        self.property = property
    }

    public var description: String { "cycle \(cycle): property failed: \(property)" }

    /// The property stated on `line` (1-based) of `verilog`: the line's trailing
    /// `// comment` (the emitter writes `message (File.swift:LINE)` there), or the
    /// Verilog place itself when the line has no comment.
    public static func property(atLine line: Int, of verilog: [Substring], file: String) -> String {
        guard line >= 1, line <= verilog.count else { return "\(file):\(line)" }
        let text = verilog[line - 1]
        guard let r = text.range(of: "//") else { return "\(file):\(line): \(text.trimmingCharacters(in: .whitespaces))" }
        return text[r.upperBound...].trimmingCharacters(in: .whitespaces)
    }
}

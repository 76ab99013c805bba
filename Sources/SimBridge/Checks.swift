import SimCore

/// An output that does not hold the value a check expected: names the port, the
/// cycle and both values (what `SimTesting`'s `expect` reports as a test failure).
public struct SimMismatch: Error, Sendable, CustomStringConvertible, Equatable {
    public let port: String
    public let cycle: UInt64
    public let got: String
    public let expected: String
    public let note: String

    public var description: String {
        "cycle \(cycle): \(port) = \(got), expected \(expected)" + (note.isEmpty ? "" : " — \(note)")
    }
}

extension SimulationBackend {
    /// Throws a `SimMismatch` unless output `port` holds `value`.
    public func check(_ port: String, _ value: UInt64, _ note: @autoclosure () -> String = "") throws {
        let got = try peek(port)
        guard got != value else { return }
        throw SimMismatch(port: port, cycle: cycle, got: "\(got) (0x\(String(got, radix: 16)))",
                          expected: "\(value) (0x\(String(value, radix: 16)))", note: note())
    }

    /// Throws a `SimMismatch` unless output `port`, read as two's complement, holds `value`.
    public func check(_ port: String, signed value: Int64, _ note: @autoclosure () -> String = "") throws {
        let got = try peekSigned(port)
        guard got != value else { return }
        throw SimMismatch(port: port, cycle: cycle, got: "\(got)", expected: "\(value)", note: note())
    }

    /// Throws a `SimMismatch` unless wide output `port` holds `words` (little-endian 64-bit words).
    public func check(_ port: String, words: [UInt64], _ note: @autoclosure () -> String = "") throws {
        let got = try peekWords(port)
        guard got != words else { return }
        throw SimMismatch(port: port, cycle: cycle, got: "\(got)", expected: "\(words)", note: note())
    }
}

import HDL
import SimCore

/// Poking and peeking through a design's typed ports (`TypedModule.ports`):
/// `sim.poke(io.inValid, 1)`, `sim.peek(io.outIdx)`. A field names its port;
/// anything that is not a port of the top is an error naming it.
extension SimulationBackend {
    /// The handle of the top port `port` refers to.
    public func handle<T: Hardware>(_ port: T) throws -> PortHandle {
        if case .signal(let decl) = port.node.op {
            switch decl.kind {
            case .input, .output: return try handle(decl.name)
            default: throw SimError.unknownPort(name: decl.name, top: topName, known: ports.map(\.name))
            }
        }
        throw SimError.unknownPort(name: "an expression, not a port", top: topName, known: ports.map(\.name))
    }

    /// Set an input of up to 64 bits through its typed port.
    public func poke<T: Hardware>(_ port: T, _ value: UInt64) throws { try poke(handle(port), value) }

    /// Set an input of any width through its typed port (little-endian 64-bit words).
    public func poke<T: Hardware>(_ port: T, words: [UInt64]) throws { try poke(handle(port), words: words) }

    /// Set a signed input through its typed port: `value` must lie in the port's range.
    public func poke(_ port: HSInt, signed value: Int64) throws {
        let h = try handle(port)
        try poke(h, words: Self.signedWords(ports[h.index].name, width: h.width, value))
    }

    /// The value of a port of up to 64 bits, through its typed port.
    public func peek<T: Hardware>(_ port: T) throws -> UInt64 { peek(try handle(port)) }

    /// The value of a port of any width, through its typed port.
    public func peekWords<T: Hardware>(_ port: T) throws -> [UInt64] { peekWords(try handle(port)) }

    /// Throws a `SimMismatch` unless the output `port` refers to holds `value`.
    public func check<T: Hardware>(_ port: T, _ value: UInt64, _ note: @autoclosure () -> String = "") throws {
        try check(ports[handle(port).index].name, value, note())
    }
}

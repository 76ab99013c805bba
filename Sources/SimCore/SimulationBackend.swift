import BitVector

/// A port looked up once by name: poking and peeking through it costs no
/// string lookup, no reference counting and no allocation (for ports up to 64
/// bits). Valid for the backend that made it.
public struct PortHandle: Sendable, Hashable {
    /// Position in the backend's `ports`.
    public let index: Int
    public let width: Int
    public let isInput: Bool

    public init(index: Int, port: SimPort) {
        self.index = index
        self.width = port.width
        self.isInput = port.direction == .input
    }

    /// Number of 64-bit words a value of this port takes.
    public var wordCount: Int { (width + 63) / 64 }
}

/// A top's ports by name, so a backend hands out handles in one dictionary lookup.
public struct PortIndex: Sendable {
    public let top: String
    public let ports: [SimPort]
    private let byName: [String: Int]

    public init(top: String, ports: [SimPort]) {
        self.top = top
        self.ports = ports
        byName = Dictionary(ports.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The handle of the port named `name`, or an error listing the ports.
    public func handle(_ name: String) throws -> PortHandle {
        guard let i = byName[name] else { throw SimError.unknownPort(name: name, top: top, known: ports.map(\.name)) }
        return PortHandle(index: i, port: ports[i])
    }
}

/// What every simulator offers — the Verilator model and the built-in cycle
/// simulator alike — so one test can run on either backend. Every operation is
/// a requirement, so calls through `any SimulationBackend` reach the backend's
/// own (fast) implementation; the name-based forms default to a handle lookup.
public protocol SimulationBackend: AnyObject {
    /// The top module's name.
    var topName: String { get }
    /// The top's ports.
    var ports: [SimPort] { get }
    /// Clock cycles stepped so far.
    var cycle: UInt64 { get }

    /// The handle of the port named `name`, or an error listing the ports.
    func handle(_ name: String) throws -> PortHandle
    /// Set an input of up to 64 bits; the value must fit the port.
    func poke(_ port: PortHandle, _ value: UInt64) throws
    /// Set an input of any width from little-endian 64-bit words (missing words
    /// are zero); the value must fit. The buffer form copies nothing.
    func poke(_ port: PortHandle, words: UnsafeBufferPointer<UInt64>) throws
    /// Set several inputs of up to 64 bits at once (`values[i]` to `ports[i]`):
    /// one call for a whole cycle's inputs in a hot loop.
    func poke(_ ports: UnsafeBufferPointer<PortHandle>, _ values: UnsafeBufferPointer<UInt64>) throws
    /// The value of a port of up to 64 bits (the low 64 bits of a wider one).
    func peek(_ port: PortHandle) -> UInt64
    /// The value of a port as little-endian 64-bit words.
    func peekWords(_ port: PortHandle) -> [UInt64]

    /// The port named `name`, or an error listing the ports.
    func port(_ name: String) throws -> SimPort
    /// Set an input of up to 64 bits by name.
    func poke(_ name: String, _ value: UInt64) throws
    /// Set an input of any width by name.
    func poke(_ name: String, words: [UInt64]) throws
    /// The value of a port of up to 64 bits by name.
    func peek(_ name: String) throws -> UInt64
    /// The value of a port of any width by name.
    func peekWords(_ name: String) throws -> [UInt64]

    /// Evaluate combinational logic now.
    func eval()
    /// `n` clock cycles (rising then falling edge each).
    func step(_ n: Int)

    /// Assertions and assumptions that failed since the last call, oldest first
    /// (the first 64 of each `step`). Properties are checked at every rising edge
    /// outside reset when the design has them and the backend checks them.
    func takePropertyFailures() -> [PropertyFailure]
    /// Called with each failure as the step that found it ends (a test framework
    /// turns it into a test failure); failures are also kept for `takePropertyFailures`.
    var propertyFailureHandler: ((PropertyFailure) -> Void)? { get set }
}

extension SimulationBackend {
    /// Linear search; backends with many ports keep a dictionary instead.
    public func handle(_ name: String) throws -> PortHandle {
        guard let i = ports.firstIndex(where: { $0.name == name }) else {
            throw SimError.unknownPort(name: name, top: topName, known: ports.map(\.name))
        }
        return PortHandle(index: i, port: ports[i])
    }

    public func port(_ name: String) throws -> SimPort { ports[try handle(name).index] }
    public func poke(_ ports: UnsafeBufferPointer<PortHandle>, _ values: UnsafeBufferPointer<UInt64>) throws {
        for (p, v) in zip(ports, values) { try poke(p, v) }
    }
    /// Set an input of any width from little-endian 64-bit words; the value must fit.
    public func poke(_ port: PortHandle, words: [UInt64]) throws {
        try words.withUnsafeBufferPointer { try poke(port, words: $0) }
    }
    public func poke(_ name: String, _ value: UInt64) throws { try poke(handle(name), value) }
    public func poke(_ name: String, words: [UInt64]) throws { try poke(handle(name), words: words) }
    public func peek(_ name: String) throws -> UInt64 { peek(try handle(name)) }
    public func peekWords(_ name: String) throws -> [UInt64] { peekWords(try handle(name)) }

    /// Throws unless `port` is an input and `value` fits it (the one-word fast check).
    @inline(__always)
    public func checkInput(_ port: PortHandle, _ value: UInt64) throws {
        guard port.isInput, port.width >= 64 || value >> UInt64(port.width) == 0 else {
            try checkInput(port, words: [value])
            return
        }
    }

    /// Throws unless `port` is an input and `words` fit it.
    public func checkInput(_ port: PortHandle, words: [UInt64]) throws {
        try words.withUnsafeBufferPointer { try checkInput(port, words: $0) }
    }

    /// Throws unless `port` is an input and `words` fit it (no copy when they do).
    public func checkInput(_ port: PortHandle, words: UnsafeBufferPointer<UInt64>) throws {
        guard !port.isInput || !BitVector.fits(words: words, width: port.width) else { return }
        let name = ports[port.index].name
        guard port.isInput else { throw SimError.wrongDirection(port: name, expected: .input) }
        try Self.checkFits(name, width: port.width, words: Array(words))
    }

    /// Checks that `words` fits a `width`-bit port (for error messages naming the value).
    public static func checkFits(_ name: String, width: Int, words: [UInt64]) throws {
        guard BitVector.fits(words: words, width: width) else {
            throw SimError.valueTooWide(port: name, width: width,
                                        value: words.count == 1 ? String(words[0]) : "0x" + words.reversed().map { String($0, radix: 16) }.joined(separator: "_"))
        }
    }

    /// Two's-complement words of `value` for a `width`-bit port, or an error if out of range.
    public static func signedWords(_ name: String, width: Int, _ value: Int64) throws -> [UInt64] {
        guard BitVector.fits(Int(value), width: width, signed: true) else {
            throw SimError.valueTooWide(port: name, width: width, value: String(value))
        }
        return BitVector(Int(value), width: width).words
    }

    /// Set a signed input: `value` must lie in the port's two's-complement range.
    public func poke(_ name: String, signed value: Int64) throws {
        try poke(name, words: Self.signedWords(name, width: port(name).width, value))
    }

    /// The value of a port read as two's complement (ports up to 64 bits).
    public func peekSigned(_ name: String) throws -> Int64 {
        let w = try port(name).width
        let v = try peek(name)
        if w >= 64 { return Int64(bitPattern: v) }
        let sign = UInt64(1) << UInt64(w - 1)
        return Int64(bitPattern: (v ^ sign) &- sign)
    }

    /// Every input at zero (the clock too: it idles low between steps).
    public func zeroInputs() throws {
        for p in ports where p.direction == .input {
            try poke(p.name, words: [UInt64](repeating: 0, count: p.wordCount))
        }
    }

    /// One clock cycle.
    public func step() { step(1) }

    /// Hold `rst` high for `cycles` clock cycles (inputs as poked), then low.
    public func reset(cycles: Int = 1, port: String = "rst") throws {
        try poke(port, words: [1])
        step(cycles)
        try poke(port, words: [0])
        eval()
    }
}

/// What every simulator offers — the Verilator model and the built-in cycle
/// simulator alike — so one test can run on either backend.
public protocol SimulationBackend: AnyObject {
    /// The top module's name.
    var topName: String { get }
    /// The top's ports.
    var ports: [SimPort] { get }
    /// Clock cycles stepped so far.
    var cycle: UInt64 { get }
    /// Set an input of any width from little-endian 64-bit words; the value must fit.
    func poke(_ name: String, words: [UInt64]) throws
    /// The value of a port as little-endian 64-bit words.
    func peekWords(_ name: String) throws -> [UInt64]
    /// Evaluate combinational logic now.
    func eval()
    /// `n` clock cycles (rising then falling edge each).
    func step(_ n: Int)
}

extension SimulationBackend {
    /// The port named `name`, or an error listing the ports.
    public func lookupPort(_ name: String, top: String) throws -> SimPort {
        guard let p = ports.first(where: { $0.name == name }) else {
            throw SimError.unknownPort(name: name, top: top, known: ports.map(\.name))
        }
        return p
    }

    /// Checks that `words` fits a `width`-bit port (for error messages naming the value).
    public static func checkFits(_ name: String, width: Int, words: [UInt64]) throws {
        let count = (width + 63) / 64
        let extra = words.count > count && words[count...].contains { $0 != 0 }
        let rem = width % 64
        let top = rem != 0 && words.count >= count && words[count - 1] >> UInt64(rem) != 0
        if extra || top {
            throw SimError.valueTooWide(port: name, width: width,
                                        value: words.count == 1 ? String(words[0]) : "0x" + words.reversed().map { String($0, radix: 16) }.joined(separator: "_"))
        }
    }

    /// Two's-complement words of `value` for a `width`-bit port, or an error if out of range.
    public static func signedWords(_ name: String, width: Int, _ value: Int64) throws -> [UInt64] {
        if width < 64 {
            let lo = -(Int64(1) << Int64(width - 1)), hi = (Int64(1) << Int64(width - 1)) - 1
            if value < lo || value > hi { throw SimError.valueTooWide(port: name, width: width, value: String(value)) }
        }
        var words = [UInt64(bitPattern: value)]
        while words.count < (width + 63) / 64 { words.append(value < 0 ? ~0 : 0) }
        let rem = width % 64
        if rem != 0 { words[words.count - 1] &= (UInt64(1) << UInt64(rem)) - 1 }
        return words
    }

    /// The port named `name`, or an error listing the ports.
    public func port(_ name: String) throws -> SimPort { try lookupPort(name, top: topName) }

    /// Set an input of up to 64 bits; the value must fit the port.
    public func poke(_ name: String, _ value: UInt64) throws { try poke(name, words: [value]) }

    /// Set a signed input: `value` must lie in the port's two's-complement range.
    public func poke(_ name: String, signed value: Int64) throws {
        try poke(name, words: Self.signedWords(name, width: port(name).width, value))
    }

    /// The value of a port of up to 64 bits (the low 64 bits of a wider one).
    public func peek(_ name: String) throws -> UInt64 { try peekWords(name)[0] }

    /// The value of a port read as two's complement (ports up to 64 bits).
    public func peekSigned(_ name: String) throws -> Int64 {
        let w = try port(name).width
        let v = try peek(name)
        if w >= 64 { return Int64(bitPattern: v) }
        let sign = UInt64(1) << UInt64(w - 1)
        return Int64(bitPattern: (v ^ sign) &- sign)
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

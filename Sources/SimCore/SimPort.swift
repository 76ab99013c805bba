/// A port of a simulated top module, as the simulation layer sees it.
public struct SimPort: Sendable, Hashable {
    /// Port direction.
    public enum Direction: String, Sendable { case input, output }
    /// The name users poke and peek.
    public let name: String
    public let width: Int
    public let direction: Direction
    /// The port's name in the Verilog (and so in the Verilated model), when a
    /// back end had to spell it differently (a keyword: `reg` → `reg_`).
    public let modelName: String

    public init(_ name: String, width: Int, direction: Direction, modelName: String? = nil) {
        self.name = name
        self.width = width
        self.direction = direction
        self.modelName = modelName ?? name
    }

    /// Number of 64-bit words a value of this port takes.
    public var wordCount: Int { (width + 63) / 64 }
}

/// Errors of the simulation layer; each says what went wrong and what to do.
public enum SimError: Error, Sendable, CustomStringConvertible, Equatable {
    case toolMissing(tool: String, hint: String)
    case buildFailed(top: String, log: String, logTail: String)
    case loadFailed(path: String, reason: String)
    case unknownPort(name: String, top: String, known: [String])
    case valueTooWide(port: String, width: Int, value: String)
    case wrongDirection(port: String, expected: SimPort.Direction)
    case invalidDesign(String)

    public var description: String {
        switch self {
        case .toolMissing(let tool, let hint):
            return "\(tool) not found on PATH; \(hint)"
        case .buildFailed(let top, let log, let tail):
            return "Verilator build of '\(top)' failed (full log: \(log)):\n\(tail)"
        case .loadFailed(let path, let reason):
            return "cannot load model library \(path): \(reason)"
        case .unknownPort(let name, let top, let known):
            return "'\(top)' has no port '\(name)'; its ports: \(known.joined(separator: ", "))"
        case .valueTooWide(let port, let width, let value):
            return "value \(value) does not fit port '\(port)' of \(width) bits"
        case .wrongDirection(let port, let expected):
            return "port '\(port)' is not an \(expected.rawValue)"
        case .invalidDesign(let m):
            return "invalid design for simulation: \(m)"
        }
    }
}

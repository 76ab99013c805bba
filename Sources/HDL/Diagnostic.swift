/// One elaboration error: what is wrong, in which module and signal, and where in Swift.
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of problem; tests match on it.
    public enum Kind: String, Sendable {
        case widthMismatch = "width mismatch"
        case zeroWidth = "zero width"
        case undriven = "undriven signal"
        case multipleDrivers = "doubly driven signal"
        case combinationalLoop = "combinational loop"
        case latch = "latch inferred"
        case nameCollision = "name collision"
        case illegalName = "illegal name"
        case sliceOutOfRange = "slice out of range"
        case literalTooWide = "literal does not fit"
        case illegalDrive = "illegal drive"
        case unknownPort = "unknown port"
        case typeMismatch = "type mismatch"
        case illegalParameter = "illegal parameter"
        case changedAfterBuild = "change after build"
        /// A bug in the DSL itself (the IR verifier found a broken invariant).
        case irInvariant = "IR invariant broken"
    }

    public let kind: Kind
    public let message: String
    /// The module being elaborated.
    public let module: String
    /// The signal concerned, when there is one.
    public let signal: String?
    /// The Swift place that built the offending construct.
    public let loc: SourceLoc?

    public init(_ kind: Kind, _ message: String, module: String, signal: String? = nil, loc: SourceLoc? = nil) {
        self.kind = kind
        self.message = message
        self.module = module
        self.signal = signal
        self.loc = loc
    }

    /// `File.swift:LINE: error: <kind>: message (module m)` — one line.
    public var description: String {
        let place = loc.map { "\($0): " } ?? ""
        return "\(place)error: \(kind.rawValue): \(message) (module '\(module)')"
    }
}

/// Thrown by `ModuleBuilder.build()` when any check fails; lists every problem found.
public struct ElaborationError: Error, Sendable, CustomStringConvertible {
    public let diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

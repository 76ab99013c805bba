import BitVector

/// A node of the hardware expression graph: an operator, its operands, and its
/// result width and signedness. Nodes are immutable and shared by identity, so a
/// value used twice is one node (the Verilog printer names it once).
///
/// The IR keeps operators simple: arithmetic and bitwise operands already have
/// the result's width (the DSL inserts `resize` nodes), so every backend can
/// evaluate a node from its operands and its own width alone.
public final class ExprNode {
    /// The operator of a node.
    public enum Op {
        /// A named signal (port, wire, register, instance port).
        case signal(SignalDecl)
        /// A literal of the node's width.
        case constant(BitVector)
        /// Bitwise not, two's-complement negate (width kept).
        case not, negate
        /// AND/OR/XOR of all bits (1-bit result).
        case reduceAnd, reduceOr, reduceXor
        /// Width-preserving arithmetic and bitwise ops on same-width operands.
        case add, sub, mul, and, or, xor
        /// A comparison of equal-width operands whose signedness is `signed` (1-bit result).
        case compare(Comparison, signed: Bool)
        /// Shift left by a hardware amount (operand 1, unsigned); width of operand 0 kept.
        case shiftLeft
        /// Shift right by a hardware amount; `arithmetic` fills with the sign bit
        /// (and equals the operand's signedness).
        case shiftRight(arithmetic: Bool)
        /// `args[0] ? args[1] : args[2]`.
        case mux
        /// Bits `hi...lo` of the operand (unsigned result).
        case slice(hi: Int, lo: Int)
        /// Operands joined, the first one in the most significant bits (unsigned result).
        case concat
        /// Sign-extend (`signed`, equal to the operand's signedness) or zero-extend,
        /// or truncate, to the node's width.
        case extend(signed: Bool)
        /// Same bits, other signedness.
        case reinterpret
        /// Asynchronous read of a memory word at `args[0]`.
        case memoryRead(MemoryDecl)
        /// An invalid value; the error is reported where the value is used.
        case poison(ExprError)
    }

    public let op: Op
    public let args: [ExprNode]
    public let width: Int
    public let signed: Bool
    /// The first error in this expression (its own or an operand's), if any.
    /// Set when the node is made, from the operands' errors: O(1) per node, so a
    /// deep shared chain (an LFSR, a CRC) costs nothing extra.
    public let error: ExprError?
    /// Whether the expression reads a signal or a memory (false: a constant expression).
    public let readsState: Bool
    /// The module builder any operand belongs to (nil for pure literals).
    weak var owner: ModuleBuilder?

    init(_ op: Op, _ args: [ExprNode], width: Int, signed: Bool, owner: ModuleBuilder? = nil) {
        self.op = op
        self.args = args
        self.width = width
        self.signed = signed
        self.owner = owner ?? args.lazy.compactMap(\.owner).first
        switch op {
        case .poison(let e): error = e
        default: error = args.lazy.compactMap(\.error).first
        }
        switch op {
        case .signal, .memoryRead: readsState = true
        default: readsState = args.contains(where: \.readsState)
        }
    }

    /// The declared signal when this node is a plain signal reference.
    public var signalDecl: SignalDecl? {
        if case .signal(let d) = op { return d }
        return nil
    }

    /// The literal when this node is a constant.
    public var constantValue: BitVector? {
        if case .constant(let v) = op { return v }
        return nil
    }

    /// The literal bits (little-endian words) when this node is a constant.
    public var constantWords: [UInt64]? { constantValue?.words }

    static func poison(_ kind: Diagnostic.Kind, _ message: String, width: Int, signed: Bool) -> ExprNode {
        ExprNode(.poison(ExprError(kind: kind, message: message)), [], width: max(width, 1), signed: signed)
    }

    static func constant(_ value: BitVector, signed: Bool) -> ExprNode {
        ExprNode(.constant(value), [], width: value.width, signed: signed)
    }

    static func constant(_ words: [UInt64], width: Int, signed: Bool) -> ExprNode {
        constant(BitVector(words: words, width: width), signed: signed)
    }

    /// Extend (by this node's signedness) or truncate to `width`, sharing the node when it already fits.
    func resized(_ width: Int) -> ExprNode {
        if width == self.width { return self }
        if let v = constantValue { return .constant(v.extended(to: width, signed: signed), signed: signed) }
        return ExprNode(.extend(signed: signed), [self], width: width, signed: signed)
    }
}

/// An invalid expression (a width mismatch, a slice out of range, a literal that
/// does not fit): carried by the node and reported, with its own kind, where the
/// value is used.
public struct ExprError: Sendable, Equatable {
    public let kind: Diagnostic.Kind
    public let message: String
}

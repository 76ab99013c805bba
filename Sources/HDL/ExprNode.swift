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
        /// A literal; `words` holds the bits little-endian, masked to the width.
        case constant(words: [UInt64])
        /// Bitwise not, two's-complement negate (width kept).
        case not, negate
        /// AND/OR/XOR of all bits (1-bit result).
        case reduceAnd, reduceOr, reduceXor
        /// Width-preserving arithmetic and bitwise ops on same-width operands.
        case add, sub, mul, and, or, xor
        /// Comparisons of same-width, same-signedness operands (1-bit result).
        case eq, ne, lt, le, gt, ge
        /// Shift by a hardware amount (operand 1, unsigned); width of operand 0 kept.
        /// A right shift of a signed value is arithmetic.
        case shiftLeft, shiftRight
        /// `args[0] ? args[1] : args[2]`.
        case mux
        /// Bits `hi...lo` of the operand (unsigned result).
        case slice(hi: Int, lo: Int)
        /// Operands joined, the first one in the most significant bits (unsigned result).
        case concat
        /// Sign- or zero-extend (by the operand's signedness) or truncate to the node's width.
        case resize
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

    /// The message of `error`, if any.
    public var poisonMessage: String? { error?.message }

    /// The declared signal when this node is a plain signal reference.
    public var signalDecl: SignalDecl? {
        if case .signal(let d) = op { return d }
        return nil
    }

    /// The literal bits when this node is a constant.
    public var constantWords: [UInt64]? {
        if case .constant(let w) = op { return w }
        return nil
    }

    static func poison(_ kind: Diagnostic.Kind, _ message: String, width: Int, signed: Bool) -> ExprNode {
        ExprNode(.poison(ExprError(kind: kind, message: message)), [], width: max(width, 1), signed: signed)
    }

    static func constant(_ words: [UInt64], width: Int, signed: Bool) -> ExprNode {
        ExprNode(.constant(words: Bits.mask(words, width: width)), [], width: width, signed: signed)
    }

    /// Extend or truncate to `width`, sharing the node when it already fits.
    func resized(_ width: Int) -> ExprNode {
        if width == self.width { return self }
        if let words = constantWords {
            let ext = signed ? Bits.signExtend(words, from: self.width, to: width) : words
            return .constant(ext, width: width, signed: signed)
        }
        return ExprNode(.resize, [self], width: width, signed: signed)
    }
}

/// An invalid expression (a width mismatch, a slice out of range, a literal that
/// does not fit): carried by the node and reported, with its own kind, where the
/// value is used.
public struct ExprError: Sendable, Equatable {
    public let kind: Diagnostic.Kind
    public let message: String
}

/// Bit-vector helpers on little-endian `UInt64` words.
public enum Bits {
    /// Words needed for `width` bits.
    public static func wordCount(_ width: Int) -> Int { max(1, (width + 63) / 64) }

    /// `words` cut or padded to exactly `width` bits.
    public static func mask(_ words: [UInt64], width: Int) -> [UInt64] {
        var out = Array(words.prefix(wordCount(width)))
        while out.count < wordCount(width) { out.append(0) }
        let rem = width % 64
        if rem != 0 { out[out.count - 1] &= (UInt64(1) << UInt64(rem)) &- 1 }
        return out
    }

    /// Bit `i` of `words`.
    public static func bit(_ words: [UInt64], _ i: Int) -> Bool {
        let w = i / 64
        return w < words.count && (words[w] >> UInt64(i % 64)) & 1 == 1
    }

    /// Sign-extend a `from`-bit value to `to` bits.
    public static func signExtend(_ words: [UInt64], from: Int, to: Int) -> [UInt64] {
        var out = mask(words, width: from)
        guard to > from, bit(out, from - 1) else { return mask(out, width: to) }
        while out.count < wordCount(to) { out.append(0) }
        for i in from..<to { out[i / 64] |= UInt64(1) << UInt64(i % 64) }
        return mask(out, width: to)
    }

    /// Two's-complement words of `value` masked to `width`.
    public static func words(of value: Int, width: Int) -> [UInt64] {
        let fill: UInt64 = value < 0 ? ~0 : 0
        var out = [UInt64(bitPattern: Int64(value))]
        while out.count < wordCount(width) { out.append(fill) }
        return mask(out, width: width)
    }

    /// Minimum width holding `value` (unsigned: value >= 0; signed: two's complement).
    public static func minWidth(_ value: Int, signed: Bool) -> Int {
        if signed {
            var w = 1
            while value < -(1 << (w - 1)) || value > (1 << (w - 1)) - 1 { w += 1 }
            return w
        }
        var w = 1
        while w < 64 && value >> w != 0 { w += 1 }
        return w
    }

    /// Whether `value` is representable in `width` bits.
    public static func fits(_ value: Int, width: Int, signed: Bool) -> Bool {
        if width >= 64 { return signed || value >= 0 }
        if signed { return value >= -(1 << (width - 1)) && value <= (1 << (width - 1)) - 1 }
        return value >= 0 && value < (1 << width)
    }
}

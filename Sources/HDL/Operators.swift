import BitVector

// Operators on hardware values. `+`, `-`, `*` widen their result so nothing is
// lost (as `Int.multipliedFullWidth` would); `&+`, `&-`, `&*` wrap at the wider
// operand's width, as Swift's wrapping operators do. Bitwise operators need
// equal widths. Comparisons return `HBool` and are spelled `.==`, `.<`, ... so
// Swift's `==` keeps meaning "same value".

infix operator .== : ComparisonPrecedence
infix operator .!= : ComparisonPrecedence
infix operator .< : ComparisonPrecedence
infix operator .<= : ComparisonPrecedence
infix operator .> : ComparisonPrecedence
infix operator .>= : ComparisonPrecedence

func binary<T: Hardware>(_ op: ExprNode.Op, _ a: ExprNode, _ b: ExprNode, width: Int) -> T {
    T(node: .make(op, [a.resized(width), b.resized(width)], width: width, signed: T.isSigned))
}

func bitwise<T: Hardware>(_ op: ExprNode.Op, _ name: String, _ a: T, _ b: T) -> T {
    guard a.width == b.width else {
        return T(node: .poison(.widthMismatch, "width mismatch in '\(name)': \(a.width) bits vs \(b.width) bits",
                               width: max(a.width, b.width), signed: T.isSigned))
    }
    return T(node: .make(op, [a.node, b.node], width: a.width, signed: T.isSigned))
}

/// A comparison of two values of one Swift type (so of one signedness), each
/// extended to the wider width by that signedness.
func compare<T: Hardware>(_ c: Comparison, _ a: T, _ b: T) -> HBool {
    let w = max(a.width, b.width)
    return HBool(node: .make(.compare(c, signed: T.isSigned), [a.node.resized(w), b.node.resized(w)], width: 1, signed: false))
}

extension HardwareNumber {
    /// Widening add: result is one bit wider than the wider operand.
    public static func + (a: Self, b: Self) -> Self { binary(.add, a.node, b.node, width: max(a.width, b.width) + 1) }
    public static func + (a: Self, b: Int) -> Self { a + minimalLiteral(b) }
    /// Widening subtract: one bit wider than the wider operand (unsigned results wrap below zero).
    public static func - (a: Self, b: Self) -> Self { binary(.sub, a.node, b.node, width: max(a.width, b.width) + 1) }
    public static func - (a: Self, b: Int) -> Self { a - minimalLiteral(b) }
    /// Full-width multiply: `a.width + b.width` bits.
    public static func * (a: Self, b: Self) -> Self { binary(.mul, a.node, b.node, width: a.width + b.width) }
    public static func * (a: Self, b: Int) -> Self { a * minimalLiteral(b) }
    /// Wrapping add at the wider operand's width.
    public static func &+ (a: Self, b: Self) -> Self { binary(.add, a.node, b.node, width: max(a.width, b.width)) }
    public static func &+ (a: Self, b: Int) -> Self { a &+ a.literal(b) }
    /// Wrapping subtract at the wider operand's width.
    public static func &- (a: Self, b: Self) -> Self { binary(.sub, a.node, b.node, width: max(a.width, b.width)) }
    public static func &- (a: Self, b: Int) -> Self { a &- a.literal(b) }
    /// Wrapping multiply at the wider operand's width.
    public static func &* (a: Self, b: Self) -> Self { binary(.mul, a.node, b.node, width: max(a.width, b.width)) }

    /// Bitwise operators; operands must have equal widths.
    public static func & (a: Self, b: Self) -> Self { bitwise(.and, "&", a, b) }
    public static func | (a: Self, b: Self) -> Self { bitwise(.or, "|", a, b) }
    public static func ^ (a: Self, b: Self) -> Self { bitwise(.xor, "^", a, b) }
    public static func & (a: Self, b: Int) -> Self { a & a.literal(b) }
    public static func | (a: Self, b: Int) -> Self { a | a.literal(b) }
    public static func ^ (a: Self, b: Int) -> Self { a ^ a.literal(b) }
    public static prefix func ~ (a: Self) -> Self { Self(node: .make(.not, [a.node], width: a.width, signed: isSigned)) }

    /// Shifts keep the width, as Swift's do; `>>` of a signed value is arithmetic.
    public static func << (a: Self, n: Int) -> Self {
        guard n >= 0 else { return Self(node: .poison(.illegalParameter, "negative shift \(n)", width: a.width, signed: isSigned)) }
        if n == 0 { return a }
        if n >= a.width { return Self.literal(0, width: a.width) }
        let low = ExprNode.make(.slice(hi: a.width - 1 - n, lo: 0), [a.node], width: a.width - n, signed: false)
        let zeros = ExprNode.constant([0], width: n, signed: false)
        let joined = ExprNode.make(.concat, [low, zeros], width: a.width, signed: false)
        return Self(node: isSigned ? ExprNode.make(.reinterpret, [joined], width: a.width, signed: true) : joined)
    }

    public static func >> (a: Self, n: Int) -> Self {
        guard n >= 0 else { return Self(node: .poison(.illegalParameter, "negative shift \(n)", width: a.width, signed: isSigned)) }
        if n == 0 { return a }
        let keep = min(n, a.width - 1)
        let high = ExprNode.make(.slice(hi: a.width - 1, lo: keep), [a.node], width: a.width - keep, signed: false)
        let typed = isSigned ? ExprNode.make(.reinterpret, [high], width: high.width, signed: true) : high
        if n >= a.width && !isSigned { return Self.literal(0, width: a.width) }
        return Self(node: typed.resized(a.width))
    }

    /// Shift by a hardware amount; width kept.
    public static func << (a: Self, n: HUInt) -> Self {
        Self(node: ExprNode.make(.shiftLeft, [a.node, n.node], width: a.width, signed: isSigned))
    }

    public static func >> (a: Self, n: HUInt) -> Self {
        Self(node: ExprNode.make(.shiftRight(arithmetic: isSigned), [a.node, n.node], width: a.width, signed: isSigned))
    }

    public static func .== (a: Self, b: Self) -> HBool { compare(.eq, a, b) }
    public static func .!= (a: Self, b: Self) -> HBool { compare(.ne, a, b) }
    public static func .< (a: Self, b: Self) -> HBool { compare(.lt, a, b) }
    public static func .<= (a: Self, b: Self) -> HBool { compare(.le, a, b) }
    public static func .> (a: Self, b: Self) -> HBool { compare(.gt, a, b) }
    public static func .>= (a: Self, b: Self) -> HBool { compare(.ge, a, b) }
    public static func .== (a: Self, b: Int) -> HBool { a .== minimalLiteral(b) }
    public static func .!= (a: Self, b: Int) -> HBool { a .!= minimalLiteral(b) }
    public static func .< (a: Self, b: Int) -> HBool { a .< minimalLiteral(b) }
    public static func .<= (a: Self, b: Int) -> HBool { a .<= minimalLiteral(b) }
    public static func .> (a: Self, b: Int) -> HBool { a .> minimalLiteral(b) }
    public static func .>= (a: Self, b: Int) -> HBool { a .>= minimalLiteral(b) }

    /// Sign-extend (signed) or zero-extend (unsigned) to `width`, or keep the low bits.
    public func resized(to width: Int, file: StaticString = #fileID, line: UInt = #line) -> Self {
        guard width >= 1 else {
            return Self(node: .poison(.zeroWidth, "resize to zero width at \(SourceLoc(file: file, line: line))", width: 1, signed: Self.isSigned))
        }
        return Self(node: node.resized(width))
    }
}

extension HSInt {
    /// Wrapping two's-complement negation (width kept).
    public static prefix func - (a: HSInt) -> HSInt { HSInt(node: ExprNode.make(.negate, [a.node], width: a.width, signed: true)) }
    /// The same bits read as unsigned.
    public var asUInt: HUInt { HUInt(node: ExprNode.make(.reinterpret, [node], width: width, signed: false)) }
}

extension HUInt {
    /// The same bits read as two's complement.
    public var asSInt: HSInt { HSInt(node: ExprNode.make(.reinterpret, [node], width: width, signed: true)) }
    /// Zero-extended by one bit and read as signed, so the value is kept.
    public var asNonNegativeSInt: HSInt { resized(to: width + 1).asSInt }
}

extension HBool {
    public static func & (a: HBool, b: HBool) -> HBool { HBool(node: .make(.and, [a.node, b.node], width: 1, signed: false)) }
    public static func | (a: HBool, b: HBool) -> HBool { HBool(node: .make(.or, [a.node, b.node], width: 1, signed: false)) }
    public static func ^ (a: HBool, b: HBool) -> HBool { HBool(node: ExprNode.make(.xor, [a.node, b.node], width: 1, signed: false)) }
    public static func && (a: HBool, b: HBool) -> HBool { a & b }
    public static func || (a: HBool, b: HBool) -> HBool { a | b }
    public static prefix func ! (a: HBool) -> HBool { HBool(node: .make(.not, [a.node], width: 1, signed: false)) }
    public static func .== (a: HBool, b: HBool) -> HBool { compare(.eq, a, b) }
    public static func .!= (a: HBool, b: HBool) -> HBool { compare(.ne, a, b) }
    /// The bit as a 1-bit unsigned number.
    public var asUInt: HUInt { HUInt(node: node) }
}

extension Hardware {
    /// Bits `hi...lo` (inclusive) as an unsigned value.
    public func bits(_ hi: Int, _ lo: Int, file: StaticString = #fileID, line: UInt = #line) -> HUInt {
        guard lo >= 0, hi >= lo, hi < width else {
            return HUInt(node: .poison(.sliceOutOfRange, "slice [\(hi):\(lo)] out of range of a \(width)-bit value at \(SourceLoc(file: file, line: line))",
                                       width: max(1, hi - lo + 1), signed: false))
        }
        if lo == 0 && hi == width - 1 && !Self.isSigned { return HUInt(node: node) }
        return HUInt(node: ExprNode.make(.slice(hi: hi, lo: lo), [node], width: hi - lo + 1, signed: false))
    }

    /// Bit `i` as a Bool.
    public func bit(_ i: Int, file: StaticString = #fileID, line: UInt = #line) -> HBool {
        HBool(node: bits(i, i, file: file, line: line).node)
    }

    /// The most significant bit.
    public var msb: HBool { bit(width - 1) }

    /// All bits set / any bit set / odd parity.
    public func andReduce() -> HBool { HBool(node: ExprNode.make(.reduceAnd, [node], width: 1, signed: false)) }
    public func orReduce() -> HBool { HBool(node: ExprNode.make(.reduceOr, [node], width: 1, signed: false)) }
    public func xorReduce() -> HBool { HBool(node: ExprNode.make(.reduceXor, [node], width: 1, signed: false)) }

    /// The raw bits as unsigned (no change for HUInt and HBool).
    public var rawBits: HUInt {
        Self.isSigned ? HUInt(node: ExprNode.make(.reinterpret, [node], width: width, signed: false)) : HUInt(node: node)
    }
}

/// `cond ? a : b`; both arms must have the same width.
public func mux<T: Hardware>(_ cond: HBool, _ a: T, _ b: T) -> T {
    guard a.width == b.width else {
        return T(node: .poison(.widthMismatch, "width mismatch in mux: \(a.width) bits vs \(b.width) bits", width: max(a.width, b.width), signed: T.isSigned))
    }
    return T(node: .make(.mux, [cond.node, a.node, b.node], width: a.width, signed: T.isSigned))
}

/// Bits of `parts` joined, the first in the most significant position.
public func cat(_ parts: [any Hardware]) -> HUInt {
    guard !parts.isEmpty else { return HUInt(node: .poison(.zeroWidth, "concatenation of nothing", width: 1, signed: false)) }
    if parts.count == 1 { return parts[0].rawBits }
    let nodes = parts.map(\.node)
    return HUInt(node: ExprNode.make(.concat, nodes, width: nodes.reduce(0) { $0 + $1.width }, signed: false))
}

/// Bits of `parts` joined, the first in the most significant position.
public func cat(_ parts: any Hardware...) -> HUInt { cat(parts) }

import BitVector

/// A typed hardware value: an expression node viewed as unsigned, signed or Bool.
/// Widths are checked when the design is elaborated; signedness by Swift's types.
public protocol Hardware {
    /// The expression this value stands for.
    var node: ExprNode { get }
    /// Wraps a node; the node's signedness must match `isSigned`.
    init(node: ExprNode)
    /// Whether values of this type are two's complement.
    static var isSigned: Bool { get }
}

extension Hardware {
    /// Width in bits.
    public var width: Int { node.width }
}

/// An unsigned hardware value of any width.
public struct HUInt: Hardware {
    public let node: ExprNode
    public init(node: ExprNode) { self.node = node }
    public static var isSigned: Bool { false }
}

/// A signed (two's complement) hardware value of any width.
public struct HSInt: Hardware {
    public let node: ExprNode
    public init(node: ExprNode) { self.node = node }
    public static var isSigned: Bool { true }
}

/// A one-bit hardware truth value.
public struct HBool: Hardware {
    public let node: ExprNode
    public init(node: ExprNode) { self.node = node }
    public static var isSigned: Bool { false }
}

/// The shape of a signal to declare: its Swift type and width.
public protocol HardwareSpec {
    associatedtype Value: Hardware
    /// Width in bits.
    var width: Int { get }
}

/// Spec of an unsigned signal (`.uint(8)`).
public struct UIntSpec: HardwareSpec {
    public typealias Value = HUInt
    public let width: Int
}

/// Spec of a signed signal (`.sint(16)`).
public struct SIntSpec: HardwareSpec {
    public typealias Value = HSInt
    public let width: Int
}

/// Spec of a Bool signal (`.bool`).
public struct BoolSpec: HardwareSpec {
    public typealias Value = HBool
    public var width: Int { 1 }
}

extension HardwareSpec where Self == UIntSpec {
    /// An unsigned signal of `width` bits.
    public static func uint(_ width: Int) -> UIntSpec { UIntSpec(width: width) }
}

extension HardwareSpec where Self == SIntSpec {
    /// A signed signal of `width` bits.
    public static func sint(_ width: Int) -> SIntSpec { SIntSpec(width: width) }
}

extension HardwareSpec where Self == BoolSpec {
    /// A one-bit Bool signal.
    public static var bool: BoolSpec { BoolSpec() }
}

// MARK: - Literals

extension HUInt {
    /// An unsigned literal of `width` bits (default: the fewest that hold `value`).
    public init(_ value: Int, width: Int? = nil) {
        let w = width ?? BitVector.minWidth(value, signed: false)
        if w < 1 {
            node = .poison(.zeroWidth, "literal \(value) has zero width", width: 1, signed: false)
        } else if !BitVector.fits(value, width: w, signed: false) {
            node = .poison(.literalTooWide, "literal \(value) does not fit in \(w) unsigned bits", width: w, signed: false)
        } else {
            node = .constant(BitVector(value, width: w).words, width: w, signed: false)
        }
    }

    /// An unsigned literal from little-endian 64-bit words (for values over 64 bits).
    public init(words: [UInt64], width: Int) {
        node = width < 1
            ? .poison(.zeroWidth, "literal has zero width", width: 1, signed: false)
            : .constant(words, width: width, signed: false)
    }
}

extension HSInt {
    /// A signed literal of `width` bits (default: the fewest that hold `value`).
    public init(_ value: Int, width: Int? = nil) {
        let w = width ?? BitVector.minWidth(value, signed: true)
        if w < 1 {
            node = .poison(.zeroWidth, "literal \(value) has zero width", width: 1, signed: true)
        } else if !BitVector.fits(value, width: w, signed: true) {
            node = .poison(.literalTooWide, "literal \(value) does not fit in \(w) signed bits", width: w, signed: true)
        } else {
            node = .constant(BitVector(value, width: w).words, width: w, signed: true)
        }
    }
}

extension HBool {
    /// A constant truth value.
    public init(_ value: Bool) {
        node = .constant([value ? 1 : 0], width: 1, signed: false)
    }
}

/// Values that carry a number (unsigned or signed), as opposed to HBool.
public protocol HardwareNumber: Hardware {}
extension HUInt: HardwareNumber {}
extension HSInt: HardwareNumber {}

extension HardwareNumber {
    /// A literal of this value's type with this value's width; poison if it does not fit.
    public func literal(_ value: Int) -> Self {
        Self.literal(value, width: width)
    }

    /// A literal of this type and `width`; poison if it does not fit.
    public static func literal(_ value: Int, width: Int) -> Self {
        guard width >= 1 else { return Self(node: .poison(.zeroWidth, "literal \(value) has zero width", width: 1, signed: isSigned)) }
        guard BitVector.fits(value, width: width, signed: isSigned) else {
            return Self(node: .poison(.literalTooWide, "literal \(value) does not fit in \(width) \(isSigned ? "signed" : "unsigned") bits",
                                      width: width, signed: isSigned))
        }
        return Self(node: .constant(BitVector(value, width: width).words, width: width, signed: isSigned))
    }

    /// The fewest-bits literal of this type holding `value`.
    static func minimalLiteral(_ value: Int) -> Self {
        if !isSigned && value < 0 {
            return Self(node: .poison(.literalTooWide, "negative literal \(value) used with an unsigned value", width: 1, signed: false))
        }
        return literal(value, width: BitVector.minWidth(value, signed: isSigned))
    }
}

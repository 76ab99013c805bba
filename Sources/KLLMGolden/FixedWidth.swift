/// Two's-complement helpers for the bit-exact models (widths 1...64).
public enum FixedWidth {
    /// `value` wrapped into a signed `width`-bit range (as hardware keeps the low bits).
    public static func wrapSigned(_ value: Int64, width: Int) -> Int64 {
        precondition((1...64).contains(width), "width \(width) out of 1...64")
        if width == 64 { return value }
        let shift = Int64(64 - width)
        return (value << shift) >> shift
    }

    /// `value` wrapped into an unsigned `width`-bit range.
    public static func wrapUnsigned(_ value: UInt64, width: Int) -> UInt64 {
        width >= 64 ? value : value & ((UInt64(1) << UInt64(width)) - 1)
    }

    /// The bit pattern of a signed value in `width` bits.
    public static func bits(_ value: Int64, width: Int) -> UInt64 {
        wrapUnsigned(UInt64(bitPattern: value), width: width)
    }

    /// Smallest and largest signed `width`-bit values.
    public static func signedRange(_ width: Int) -> ClosedRange<Int64> {
        width >= 64 ? Int64.min...Int64.max : -(Int64(1) << Int64(width - 1))...((Int64(1) << Int64(width - 1)) - 1)
    }

    /// Saturate `value` into the signed `width`-bit range.
    public static func saturate(_ value: Int64, width: Int) -> Int64 {
        let r = signedRange(width)
        return min(max(value, r.lowerBound), r.upperBound)
    }
}

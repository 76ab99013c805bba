/// How a simulation's registers and memories start before any reset: all zero
/// (what the built-in cycle simulator does), or seeded random values, which make
/// a register that should be reset but is not show up as a test failure.
public enum InitialState: Sendable, Hashable {
    case zero
    case random(seed: UInt64)
}

/// A port's storage inside a Verilated model: CData, SData, IData or QData by
/// width (values are kept masked to the width), or 32-bit words for wider ports.
struct PortStorage {
    let address: UnsafeMutableRawPointer
    let width: Int

    /// Stores a value that fits the port (up to 64 bits; the low word of a wider port).
    @inline(__always)
    func store(_ v: UInt64) {
        switch width {
        case ...8: address.storeBytes(of: UInt8(truncatingIfNeeded: v), as: UInt8.self)
        case ...16: address.storeBytes(of: UInt16(truncatingIfNeeded: v), as: UInt16.self)
        case ...32: address.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self)
        case ...64: address.storeBytes(of: v, as: UInt64.self)
        default:
            address.storeBytes(of: UInt32(truncatingIfNeeded: v), as: UInt32.self)
            address.storeBytes(of: UInt32(truncatingIfNeeded: v >> 32), toByteOffset: 4, as: UInt32.self)
            for k in 2..<((width + 31) / 32) { address.storeBytes(of: 0, toByteOffset: 4 * k, as: UInt32.self) }
        }
    }

    /// Stores a value of any width from little-endian words (missing words are zero).
    @inline(__always)
    func store(_ words: UnsafeBufferPointer<UInt64>) {
        guard width > 64 else { store(words.first ?? 0); return }
        let n32 = (width + 31) / 32
        for k in 0..<n32 {
            let w = k / 2 < words.count ? words[k / 2] : 0
            address.storeBytes(of: UInt32(truncatingIfNeeded: k % 2 == 0 ? w : w >> 32), toByteOffset: 4 * k, as: UInt32.self)
        }
    }

    /// The value as little-endian 64-bit words.
    func loadWords() -> [UInt64] {
        guard width > 64 else { return [load()] }
        let n32 = (width + 31) / 32
        var out = [UInt64](repeating: 0, count: (width + 63) / 64)
        for k in 0..<n32 {
            let w = UInt64(address.load(fromByteOffset: 4 * k, as: UInt32.self))
            out[k / 2] |= k % 2 == 0 ? w : w << 32
        }
        return out
    }

    /// The value (the low 64 bits of a wider port).
    @inline(__always)
    func load() -> UInt64 {
        let mask: UInt64 = width >= 64 ? ~0 : (UInt64(1) << UInt64(width)) &- 1
        switch width {
        case ...8: return UInt64(address.load(as: UInt8.self)) & mask
        case ...16: return UInt64(address.load(as: UInt16.self)) & mask
        case ...32: return UInt64(address.load(as: UInt32.self)) & mask
        case ...64: return address.load(as: UInt64.self) & mask
        default: return UInt64(address.load(as: UInt32.self)) | UInt64(address.load(fromByteOffset: 4, as: UInt32.self)) << 32
        }
    }
}

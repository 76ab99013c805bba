import BitVector
import HDL

/// A counter register that steps through 0 ..< `modulus` (resetting to 0).
public struct ModuloCounter {
    /// The count, or nil when `modulus` is 1 (nothing to count).
    public let value: HUInt?
    /// 1 when the count is at `modulus - 1` (always 1 when `modulus` is 1).
    public let atLast: HBool
}

extension ModuleBuilder {
    /// A counter `name` of ⌈log2 modulus⌉ bits, reset to 0, that advances at
    /// every edge where `advance` is 1 and wraps from `modulus - 1` to 0
    /// (beats of a vector, rows of a result). `atLast` is the named wire `<atLastName>`.
    public func moduloCounter(_ name: String, modulus: Int, advance: HBool, atLastName: String,
                              file: StaticString = #fileID, line: UInt = #line) -> ModuloCounter {
        precondition(modulus >= 1, "a counter needs a modulus of at least 1")
        guard modulus > 1 else { return ModuloCounter(value: nil, atLast: HBool(true)) }
        let count = reg(name, .uint(BitVector.addressWidth(entries: modulus)), reset: 0, file: file, line: line)
        let atLast = node(atLastName, count .== modulus - 1, file: file, line: line)
        when(advance, file: file, line: line) {
            count.assign(mux(atLast, HUInt(0, width: count.width), count &+ 1), file: file, line: line)
        }
        return ModuloCounter(value: count, atLast: atLast)
    }
}

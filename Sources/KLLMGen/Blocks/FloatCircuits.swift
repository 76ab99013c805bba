import HDL

/// Combinational IEEE-754 circuits of the FP16 dequant-MAC baseline, for finite
/// operands: an exact FP16 x FP16 -> FP32 product, and an FP32 adder with
/// round-to-nearest-even for zeros and normal numbers whose sum is zero or normal.
/// That is every sum the baseline forms: each product is a multiple of 2^-48 below
/// 2^32, so every partial sum of up to 2^24 of them is zero or normal (an exact
/// sum under 2^-25 has at most 24 significant bits) and far below FP32's overflow.
/// Infinities, NaNs and subnormal FP32 operands are outside this domain.
struct FloatCircuits {
    let m: ModuleBuilder

    /// The exact product of two finite FP16 numbers, as FP32 bits (±0 for a zero product).
    func fp16Product(_ name: String, _ a: HUInt, _ b: HUInt) -> HUInt {
        func unpack(_ h: HUInt) -> (sign: HBool, exp: HUInt, sig: HUInt) {
            let e = h.bits(14, 10)
            let normal = e .!= 0
            // A subnormal's exponent field is 0 but it scales like exponent 1.
            return (h.bit(15), mux(normal, e, HUInt(1, width: 5)), cat(normal, h.bits(9, 0)))
        }
        let (sa, ea, ma) = unpack(a)
        let (sb, eb, mb) = unpack(b)
        let product = m.node("\(name)_sig", ma * mb)                 // 22 bits, value product * 2^(ea+eb-50)
        let lz = m.node("\(name)_lz", leadingZeros(product))
        let sig = m.node("\(name)_norm", (product.resized(to: 24) << (lz.resized(to: 5) &+ 2)))
        // Biased FP32 exponent: (21 - lz) + ea + eb - 50 + 127.
        let exp = (ea.resized(to: 8) &+ eb.resized(to: 8)) &+ 98 &- lz.resized(to: 8)
        let zero = product .== 0
        return m.node(name, cat(sa ^ sb, mux(zero, HUInt(0, width: 31), cat(exp, sig.bits(22, 0)))))
    }

    /// x + y rounded to nearest even (FP32 bits in and out; zeros and normals).
    func fp32Add(_ name: String, _ x: HUInt, _ y: HUInt) -> HUInt {
        let swap = m.node("\(name)_swap", y.bits(30, 0) .> x.bits(30, 0))
        let big = m.node("\(name)_big", mux(swap, y, x)), small = m.node("\(name)_small", mux(swap, x, y))
        let bigExp = big.bits(30, 23), smallExp = small.bits(30, 23)
        // Significands with the hidden bit and three bits below (guard, round, sticky).
        let bigSig = m.node("\(name)_big_sig", cat(bigExp .!= 0, big.bits(22, 0), HUInt(0, width: 3)))      // 27 bits
        let smallSig = m.node("\(name)_small_sig", cat(smallExp .!= 0, small.bits(22, 0), HUInt(0, width: 3)))
        let distance = bigExp &- smallExp
        let shift = m.node("\(name)_shift", mux(distance .> 27, HUInt(27, width: 5), distance.bits(4, 0)))
        let shifted = smallSig >> shift
        let lost = (shifted << shift) .!= smallSig
        let aligned = m.node("\(name)_aligned", cat(shifted.bits(26, 1), shifted.bit(0) | lost))
        let subtract = x.bit(31) ^ y.bit(31)
        let wide = bigSig.resized(to: 28), addend = aligned.resized(to: 28)
        let sum = m.node("\(name)_sum", mux(subtract, wide &- addend, wide &+ addend))        // never negative
        // Normalize: the leading one to bit 27 (a carry needs no shift; cancellation shifts left).
        let lz = m.node("\(name)_lz", leadingZeros(sum))
        let normal = m.node("\(name)_normal", sum << lz)
        let exp = m.node("\(name)_exp", bigExp.resized(to: 9) &+ 1 &- lz.resized(to: 9))
        let sticky = normal.bit(1) | normal.bit(0)
        let roundUp = normal.bit(3) & (normal.bit(2) | sticky | normal.bit(4))
        let rounded = m.node("\(name)_rounded", normal.bits(27, 4).resized(to: 25) &+ roundUp.asUInt.resized(to: 25))
        let carry = rounded.bit(24)
        let fraction = mux(carry, rounded.bits(23, 1), rounded.bits(22, 0))
        let finalExp = mux(carry, exp &+ 1, exp).bits(7, 0)
        let zero = sum .== 0
        // An exact zero is +0 unless both operands were -0.
        return m.node(name, mux(zero, cat(x.bit(31) & y.bit(31), HUInt(0, width: 31)), cat(big.bit(31), finalExp, fraction)))
    }

    /// The number of leading zero bits of `v` (v.width for v = 0), as a tree of halves.
    func leadingZeros(_ v: HUInt) -> HUInt {
        var padded = 1
        while padded < v.width { padded *= 2 }
        // Zeros below the value do not change the count of a nonzero value.
        let word = padded == v.width ? v : cat(v, HUInt(0, width: padded - v.width))
        let count = leadingZerosOfPowerOfTwo(word)
        let width = BitVector.minWidth(v.width, signed: false)
        return mux(v .== 0, HUInt(v.width, width: width), count.resized(to: width))
    }

    /// Leading zeros of a nonzero power-of-two-wide word (result log2(width) bits;
    /// an all-zero word reads as width - 1).
    private func leadingZerosOfPowerOfTwo(_ v: HUInt) -> HUInt {
        if v.width == 1 { return HUInt(0, width: 1) }
        if v.width == 2 { return (!v.bit(1)).asUInt }
        let half = v.width / 2
        let hi = v.bits(v.width - 1, half), lo = v.bits(half - 1, 0)
        let hiZero = hi .== 0
        let inner = mux(hiZero, leadingZerosOfPowerOfTwo(lo), leadingZerosOfPowerOfTwo(hi))
        return cat(hiZero, inner)
    }
}

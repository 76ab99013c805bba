import HDL

/// A signed multiply-accumulate: on `in_valid`, `acc <= (in_clear ? 0 : acc) + a*b`,
/// wrapping at ACC_W bits. Ports: `in_valid`, `in_clear`, `a` (A_W signed),
/// `b` (B_W signed) in; `acc` (ACC_W signed) out. Latency 1.
public func signedMAC(aWidth: Int, bWidth: Int, accWidth: Int) throws -> ModuleDef {
    try requireParameter("A_W", aWidth, in: 1...32)
    try requireParameter("B_W", bWidth, in: 1...32)
    try requireParameter("ACC_W", accWidth, in: (aWidth + bWidth)...64,
                         why: "the accumulator must hold a full product (A_W + B_W bits)")
    let m = ModuleBuilder("signed_mac")
    m.parameters = [("A_W", "\(aWidth)"), ("B_W", "\(bWidth)"), ("ACC_W", "\(accWidth)")]
    m.latency = 1
    m.doc = "signed multiply-accumulate"
    let valid = m.input("in_valid", .bool)
    let clear = m.input("in_clear", .bool)
    let a = m.input("a", .sint(aWidth))
    let b = m.input("b", .sint(bWidth))
    let out = m.output("acc", .sint(accWidth))
    let acc = m.reg("acc_q", .sint(accWidth), reset: 0)
    let fullProduct = m.node("full_product", a * b)
    let product = m.node("product", fullProduct.resized(to: accWidth))
    m.when(valid) {
        m.when(clear) {
            acc.assign(product)
        }.otherwise {
            acc.assign(acc &+ product)
        }
    }
    out.assign(acc)
    return try m.build()
}

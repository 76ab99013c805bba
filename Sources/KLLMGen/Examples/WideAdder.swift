import HDL

/// A combinational adder of two WIDTH-bit unsigned numbers with a WIDTH+1-bit
/// sum (exercises ports wider than 64 bits). No clock; latency 0 (combinational).
public func wideAdder(width: Int) throws -> ModuleDef {
    try requireParameter("WIDTH", width, in: 1...4096)
    let m = ModuleBuilder("wide_adder")
    m.parameters = [("WIDTH", "\(width)")]
    m.doc = "combinational wide adder"
    m.latency = 0
    let a = m.input("a", .uint(width))
    let b = m.input("b", .uint(width))
    let sum = m.output("sum", .uint(width + 1))
    sum.assign(a + b)
    return try m.build()
}

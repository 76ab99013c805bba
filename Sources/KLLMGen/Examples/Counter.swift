import HDL

/// An up-counter with enable and synchronous reset; wraps at 2^WIDTH.
/// Ports: `en` in; `count` out (WIDTH bits, the register itself). Latency 1.
public func counter(width: Int) throws -> ModuleDef {
    try requireParameter("WIDTH", width, in: 1...64)
    let m = ModuleBuilder("counter")
    m.parameters = [("WIDTH", "\(width)")]
    m.latency = 1
    m.doc = "up-counter with enable"
    let en = m.input("en", .bool)
    let count = m.output("count", .uint(width))
    let value = m.reg("value", .uint(width), reset: 0)
    m.when(en) {
        value.assign(value &+ 1)
    }
    count.assign(value)
    return try m.build()
}

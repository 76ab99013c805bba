import HDL
import HDLGen

/// An up-counter with enable and synchronous reset; wraps at 2^WIDTH.
/// Ports: `en` in; `count` out (WIDTH bits, the register itself). Latency 1.
public struct CounterGenerator {
    public let width: Int

    public init(width: Int = 8) throws {
        try ExampleSpecs.counterWidth.check(width)
        self.width = width
    }

    public func build() throws -> ModuleDef {
        let m = ModuleBuilder("counter")
        m.parameters = [("WIDTH", "\(width)")]
        m.annotate(.latency(1))
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
}

import HDL
import HDLGen

/// A combinational adder of two WIDTH-bit unsigned numbers with a WIDTH+1-bit
/// sum (exercises ports wider than 64 bits). No clock; latency 0 (combinational).
public struct WideAdderGenerator {
    public let width: Int

    public init(width: Int = 256) throws {
        try ExampleSpecs.adderWidth.check(width)
        self.width = width
    }

    public func build() throws -> ModuleDef {
        let m = ModuleBuilder("wide_adder")
        m.parameters = [("WIDTH", "\(width)")]
        m.doc = "combinational wide adder"
        m.annotate(.latency(0))
        let a = m.input("a", .uint(width))
        let b = m.input("b", .uint(width))
        let sum = m.output("sum", .uint(width + 1))
        sum.assign(a + b)
        return try m.build()
    }
}

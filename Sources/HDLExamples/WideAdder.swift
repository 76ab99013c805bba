import HDL
import HDLGen

/// A combinational adder of two WIDTH-bit unsigned numbers with a WIDTH+1-bit
/// sum (exercises ports wider than 64 bits). No clock; latency 0 (combinational).
public struct WideAdderGenerator {
    public let width: Int

    /// The resolved parameters (each checked against its `ExampleSpecs` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `ExampleSpecs` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(width: Int? = nil) throws {
        try self.init(ExampleSpecs.wideAdder.resolve([(ExampleSpecs.adderWidth, width)]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(ExampleSpecs.wideAdder)
        let width = values[ExampleSpecs.adderWidth]
        self.values = values
        self.width = width
    }

    public func build() throws -> ModuleDef {
        let m = ModuleBuilder("wide_adder")
        m.record(values)
        m.doc = "combinational wide adder"
        m.annotate(.latency(0))
        let a = m.input("a", .uint(width))
        let b = m.input("b", .uint(width))
        let sum = m.output("sum", .uint(width + 1))
        sum.assign(a + b)
        return try m.build()
    }
}

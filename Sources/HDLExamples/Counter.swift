import HDL
import HDLGen

/// An up-counter with enable and synchronous reset; wraps at 2^WIDTH.
/// Ports: `en` in; `count` out (WIDTH bits, the register itself). Latency 1.
public struct CounterGenerator {
    public let width: Int

    /// The resolved parameters (each checked against its `ExampleSpecs` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `ExampleSpecs` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(width: Int? = nil) throws {
        try self.init(ExampleSpecs.counter.resolve([(ExampleSpecs.counterWidth, width)]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(ExampleSpecs.counter)
        let width = values[ExampleSpecs.counterWidth]
        self.values = values
        self.width = width
    }

    public func build() throws -> ModuleDef {
        let m = ModuleBuilder("counter")
        m.record(values)
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

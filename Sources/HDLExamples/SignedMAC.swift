import HDL
import HDLGen

/// A signed multiply-accumulate: on `in_valid`, `acc <= (in_clear ? 0 : acc) + a*b`,
/// wrapping at ACC_W bits. Ports: `in_valid`, `in_clear`, `a` (A_W signed),
/// `b` (B_W signed) in; `acc` (ACC_W signed) out. Latency 1.
public struct SignedMACGenerator {
    public let aWidth: Int
    public let bWidth: Int
    public let accWidth: Int

    /// The resolved parameters (each checked against its `ExampleSpecs` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `ExampleSpecs` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(aWidth: Int? = nil, bWidth: Int? = nil, accWidth: Int? = nil) throws {
        try self.init(ExampleSpecs.signedMAC.resolve([(ExampleSpecs.macA, aWidth), (ExampleSpecs.macB, bWidth), (ExampleSpecs.macAcc, accWidth)]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(ExampleSpecs.signedMAC)
        let aWidth = values[ExampleSpecs.macA]
        let bWidth = values[ExampleSpecs.macB]
        let accWidth = values[ExampleSpecs.macAcc]
        self.values = values
        try requireParameter(ExampleSpecs.macAcc.name, accWidth, in: (aWidth + bWidth)...64,
                             why: "the accumulator must hold a full product (A_W + B_W bits)")
        self.aWidth = aWidth
        self.bWidth = bWidth
        self.accWidth = accWidth
    }

    public func build() throws -> ModuleDef {
        let m = ModuleBuilder("signed_mac")
        m.record(values)
        m.annotate(.latency(1))
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
}

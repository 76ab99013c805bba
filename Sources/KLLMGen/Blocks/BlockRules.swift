/// Parameter ranges shared by every KLLM block (SPEC "Parameter ranges").
enum BlockRules {
    static func size(_ name: String, _ v: Int, max: Int = 1024) throws {
        try requireParameter(name, v, in: 1...max)
    }
    static func indexWidth(_ name: String, _ v: Int) throws {
        try requireParameter(name, v, in: 1...8)
    }
    static func valueWidth(_ name: String, _ v: Int) throws {
        try requireParameter(name, v, in: 2...32)
    }
    static func accumulatorWidth(_ name: String, _ v: Int, entry: Int, entryName: String) throws {
        try requireParameter(name, v, in: entry...64, why: "an accumulator must be at least as wide as \(entryName)=\(entry), at most 64")
    }
    static func positionWidth(_ name: String, _ v: Int) throws {
        try requireParameter(name, v, in: 1...32)
    }
    /// Verilog tools need not accept vectors over 65,536 bits.
    static let maxPortWidth = 65536
    static func portWidth(_ port: String, _ width: Int, hint: String) throws {
        guard width <= maxPortWidth else {
            throw ParameterError(parameter: port, value: width, reason: "port would be \(width) bits, over the \(maxPortWidth)-bit limit; \(hint)")
        }
    }
}

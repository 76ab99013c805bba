/// Parameter ranges and rules shared by the KLLM blocks (SPEC "Parameter ranges").
public enum BlockRules {
    /// Index widths (`WBITS`, `ABITS`, `IBITS`).
    public static let indexWidths = 1...8
    /// Value widths (`LUT_W`, `DATA_W`, `OUT_W`, `VAL_W`).
    public static let valueWidths = 2...32
    /// Accumulator widths (`ACC_W`); each block also requires at least its entry width.
    public static let accumulatorWidths = 2...64
    /// Position widths (`POS_W`).
    public static let positionWidths = 1...32

    static func accumulatorWidth(_ p: ParameterSpec, _ v: Int, entry: Int, entryName: String) throws {
        try requireParameter(p.name, v, in: entry...accumulatorWidths.upperBound,
                             why: "an accumulator must be at least as wide as \(entryName)=\(entry), at most 64")
    }

    /// Verilog tools need not accept vectors over 65,536 bits.
    static let maxPortWidth = 65536
    static func portWidth(_ port: String, _ width: Int, hint: String) throws {
        guard width <= maxPortWidth else {
            throw ParameterError(parameter: port, value: width, reason: "port would be \(width) bits, over the \(maxPortWidth)-bit limit; \(hint)")
        }
    }
}

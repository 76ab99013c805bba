import BitVector

/// The AXI4-Lite register map of `kllm_linear_axi` for one tile configuration:
/// region 0 holds the identification, parameter, status and control registers;
/// regions 1-5 are the write-only tables (Cw, Ca, thresholds, scales, weights).
/// A table entry wider than 32 bits spans `chunks` consecutive words (low word
/// first, padded to a power of two: the entry's `stride`); writing its last word
/// commits the entry. Every byte address is region << regionBits | offset.
public struct LinearAXIRegisterMap {
    /// One readable register of region 0.
    public struct Register {
        public let name: String, offset: Int, access: String, meaning: String
    }

    /// One write-only table region.
    public struct Table {
        public let name: String, region: Int, entries: Int, width: Int, signed: Bool, meaning: String
        /// 32-bit words per entry, and the power-of-two words between entries.
        public var chunks: Int { (width + 31) / 32 }
        public var stride: Int { var st = 1; while st < chunks { st <<= 1 }; return st }
    }

    /// The identification word ("KLLM" in ASCII) and the register map's version (major << 16 | minor).
    public static let identification = 0x4B4C_4C4D
    public static let version = 0x0001_0000

    public let tile: LinearGenerator
    public let resultDepth: Int
    public let tables: [Table]
    /// Address bits of one region (at least 8), and of the whole AXI4-Lite address.
    public let regionBits: Int
    public var addressWidth: Int { regionBits + 3 }

    public init(tile g: LinearGenerator, resultDepth: Int) {
        tile = g
        self.resultDepth = resultDepth
        tables = [
            Table(name: "CW", region: 1, entries: 1 << g.weightBits, width: g.weightWidth, signed: true, meaning: "weight codebook Cw[i]"),
            Table(name: "CA", region: 2, entries: 1 << g.activationBits, width: g.dataWidth, signed: true, meaning: "activation codebook Ca[j]"),
            Table(name: "THR", region: 3, entries: (1 << g.activationBits) - 1, width: g.dataWidth, signed: true,
                  meaning: "thresholds, non-decreasing (SPEC 2)"),
            Table(name: "S", region: 4, entries: g.rows, width: g.scaleWidth, signed: true, meaning: "row scale s[r]"),
            Table(name: "W", region: 5, entries: g.rows * g.beats, width: g.lanes * g.weightBits, signed: false,
                  meaning: "weight indices: entry r*(K/LANES)+b holds w[r][b*LANES+i] as element i"),
        ]
        let largest = tables.map { $0.entries * $0.stride * 4 }.max() ?? 4
        regionBits = max(8, BitVector.addressWidth(entries: largest))
    }

    /// Region 0, in address order.
    public var registers: [Register] {
        [
            Register(name: "ID", offset: 0x00, access: "RO", meaning: "0x4B4C4C4D (\"KLLM\")"),
            Register(name: "VERSION", offset: 0x04, access: "RO", meaning: "register map version, major << 16 | minor (1.0)"),
            Register(name: "SHAPE", offset: 0x08, access: "RO", meaning: "N [15:0], K [31:16]"),
            Register(name: "BEAT", offset: 0x0C, access: "RO", meaning: "LANES [15:0], OUT_LANES [31:16]"),
            Register(name: "WIDTHS", offset: 0x10, access: "RO", meaning: "WBITS [7:0], ABITS [15:8], DATA_W [23:16], CW_W [31:24]"),
            Register(name: "WIDTHS2", offset: 0x14, access: "RO", meaning: "S_W [7:0], ACC_W [15:8], TOPK [23:16]"),
            Register(name: "LATENCY", offset: 0x18, access: "RO", meaning: "tile latency L in cycles (last input beat to first result beat)"),
            Register(name: "INTERVAL", offset: 0x1C, access: "RO", meaning: "tile interval in cycles per vector (steady state)"),
            Register(name: "ROW_PAR", offset: 0x20, access: "RO", meaning: "rows summed at once"),
            Register(name: "RESULT_DEPTH", offset: 0x24, access: "RO", meaning: "result FIFO depth in output beats"),
            Register(name: "STATUS", offset: 0x28, access: "RO",
                     meaning: "[0] tables busy (product table rebuild), [1] vector open, [2] framing error (sticky), "
                         + "[3] table write waiting for idle, [31:16] vectors in flight (first beat in, last result beat not yet out)"),
            Register(name: "CONTROL", offset: 0x2C, access: "W1C", meaning: "write 1 to bit 2 to clear the framing error"),
        ]
    }

    /// The offset of the region-0 register `name` (one of `registers`).
    public func offset(of name: String) -> Int {
        guard let r = registers.first(where: { $0.name == name }) else { preconditionFailure("no register \(name) in the map") }
        return r.offset
    }

    /// The byte address of word `chunk` of entry `entry` of `table`.
    public func address(_ table: Table, entry: Int, chunk: Int = 0) -> Int {
        table.region << regionBits | (entry * table.stride + chunk) * 4
    }

    /// Bits of AXI4-Stream tdata: the tile's beat rounded up to whole bytes.
    public var inputStreamWidth: Int { (tile.lanes * tile.dataWidth + 7) / 8 * 8 }
    public var outputStreamWidth: Int { (tile.outLanes * tile.outputWidth + 7) / 8 * 8 }

    /// The C header: the parameter values (`<P>_N`), register offsets (`<P>_REG_STATUS`), the status
    /// bits, and per table its base, entry count, words per entry and an address macro.
    public func cHeader(moduleName: String) -> String {
        let P = moduleName.uppercased()
        let g = tile
        var s = "/* Register map of \(moduleName) (kllm-gen); AXI4-Lite, 32-bit words, byte addresses. */\n"
        s += "#ifndef \(P)_H\n#define \(P)_H\n\n"
        s += "#define \(P)_ADDR_WIDTH \(addressWidth)\n#define \(P)_REGION_BITS \(regionBits)\n"
        for (name, v) in [("N", g.rows), ("K", g.inputs), ("LANES", g.lanes), ("OUT_LANES", g.outLanes), ("WBITS", g.weightBits),
                          ("ABITS", g.activationBits), ("DATA_W", g.dataWidth), ("CW_W", g.weightWidth), ("S_W", g.scaleWidth),
                          ("ACC_W", g.accWidth), ("TOPK", g.topK), ("ROW_PAR", g.rowsPerPass), ("LATENCY", g.latency),
                          ("INTERVAL", g.interval), ("RESULT_DEPTH", resultDepth), ("S_AXIS_TDATA_WIDTH", inputStreamWidth),
                          ("M_AXIS_TDATA_WIDTH", outputStreamWidth)] {
            s += "#define \(P)_\(name) \(v)\n"
        }
        s += "#define \(P)_ID_VALUE \(hex(Self.identification, 8))U\n#define \(P)_VERSION_VALUE \(hex(Self.version, 8))U\n\n"
        for r in registers {
            s += "#define \(P)_REG_\(r.name) \(hex(r.offset, 3))U /* \(r.access): \(r.meaning) */\n"
        }
        s += "#define \(P)_STATUS_TABLES_BUSY 0x1U\n#define \(P)_STATUS_VECTOR_OPEN 0x2U\n"
        s += "#define \(P)_STATUS_FRAMING_ERROR 0x4U\n#define \(P)_STATUS_WRITE_WAITING 0x8U\n"
        s += "#define \(P)_STATUS_IN_FLIGHT(status) (((status) >> 16) & 0xFFFFU)\n\n"
        for t in tables {
            s += "/* \(t.meaning): \(t.entries) entries of \(t.width) bits\(t.signed ? " (signed)" : ""), \(t.chunks) word(s) each; "
                + "writing the last word commits the entry. */\n"
            s += "#define \(P)_\(t.name)_BASE \(hex(t.region << regionBits, 1))U\n"
            s += "#define \(P)_\(t.name)_ENTRIES \(t.entries)\n#define \(P)_\(t.name)_WORDS \(t.chunks)\n#define \(P)_\(t.name)_STRIDE \(t.stride)\n"
            s += "#define \(P)_\(t.name)_ADDR(entry, word) (\(P)_\(t.name)_BASE + ((entry) * \(t.stride) + (word)) * 4U)\n\n"
        }
        return s + "#endif\n"
    }

    /// The register map as a Markdown table (README).
    public var markdown: String {
        var s = "| address | name | access | meaning |\n|---|---|---|---|\n"
        for r in registers { s += "| \(hex(r.offset, 3)) | \(r.name) | \(r.access) | \(r.meaning) |\n" }
        for t in tables {
            s += "| \(hex(t.region << regionBits, 1)) + 4·(e·\(t.stride) + w) | \(t.name)[e] | WO | \(t.meaning); "
                + "\(t.entries) entries of \(t.width) bits, \(t.chunks) word(s) |\n"
        }
        return s
    }

    /// `0x` and at least `digits` upper-case hex digits.
    private func hex(_ v: Int, _ digits: Int) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, digits - h.count)) + h
    }
}

import Foundation

/// FPGA resources of a netlist, by kind, from yosys's `stat` after `synth_ice40`/`synth_ecp5`.
public struct CellCount: Codable, Sendable, Equatable {
    /// 4-input LUTs (SB_LUT4 / LUT4), carry cells (SB_CARRY / CCU2C, two LUT4 each on ECP5),
    /// flip-flops, distributed-RAM cells (TRELLIS_DPR16X4), block RAMs, DSP multipliers,
    /// and the ECP5 wide-function muxes (PFUMX / L6MUX21, no LUT of their own).
    public var luts = 0, carries = 0, flipFlops = 0, lutRAMs = 0, blockRAMs = 0, dsps = 0, wideMuxes = 0

    public init() {}

    /// Parses the last module or hierarchy section of a `stat` report.
    public init(yosysStat text: String, family: FPGAFamily) throws {
        guard let section = text.components(separatedBy: "===").last,
              let cellsAt = section.range(of: "Number of cells:") else {
            throw FPGAFlowError.malformedReport("yosys stat output (no 'Number of cells')")
        }
        for line in section[cellsAt.upperBound...].split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2, let n = Int(fields[1]) else { continue }
            add(cell: String(fields[0]), count: n)
        }
    }

    mutating func add(cell: String, count n: Int) {
        switch cell {
        case "SB_LUT4", "LUT4": luts += n
        case "SB_CARRY", "CCU2C": carries += n
        case "TRELLIS_DPR16X4": lutRAMs += n
        case "SB_RAM40_4K", "DP16KD", "PDPW16KD": blockRAMs += n
        case "MULT18X18D", "ALU54B", "SB_MAC16": dsps += n
        case "PFUMX", "L6MUX21": wideMuxes += n
        case _ where cell.hasPrefix("SB_DFF") || cell == "TRELLIS_FF": flipFlops += n
        default: break
        }
    }

    /// LUT4 equivalents: LUTs plus the two LUT4 of every ECP5 carry cell (an iCE40 carry rides on a LUT).
    public func lutEquivalents(_ family: FPGAFamily) -> Int {
        luts + (family == .ecp5 ? 2 * carries : 0) + (family == .ecp5 ? 4 * lutRAMs : 0)
    }
}

/// nextpnr's `--report` JSON: the achieved clock of each clock domain.
public struct NextpnrReport {
    public let fmax: [String: Double]

    public init(json: Data) throws {
        guard let root = try? JSONSerialization.jsonObject(with: json) as? [String: Any],
              let clocks = root["fmax"] as? [String: Any] else {
            throw FPGAFlowError.malformedReport("nextpnr's JSON report (no 'fmax')")
        }
        var f: [String: Double] = [:]
        for (name, value) in clocks {
            if let entry = value as? [String: Any], let achieved = entry["achieved"] as? Double { f[name] = achieved }
        }
        fmax = f
    }

    /// The slowest domain's achieved clock (nil when the design has no clocked path).
    public var worstFmax: Double? { fmax.values.min() }
}

/// One block placed and routed: what it uses, whether it fits, how fast it runs.
public struct FPGAResult: Codable, Sendable {
    public var top: String
    public var parameters: String
    public var family: FPGAFamily
    public var device: String
    public var seed: Int
    public var targetMHz: Double
    /// The block alone (synthesized without flattening inside the wrapper).
    public var block: CellCount
    /// Everything placed: the block plus the scan wrapper.
    public var placed: CellCount
    /// Flip-flops the scan wrapper adds (one per port bit).
    public var harnessFlipFlops: Int
    /// The block's data port bits (inputs + outputs).
    public var portBits: Int
    /// Block-RAM read registers packed into the RAMs' output registers (not in the FF counts).
    public var packedRegisters: Int
    /// Whether nextpnr placed and routed it on the device.
    public var fits: Bool
    /// The achieved clock from nextpnr's timing analysis (nil when it did not fit).
    public var fmaxMHz: Double?
    /// Why it did not fit (nextpnr's message) or was not routed, else empty.
    public var note: String
    /// The time limit in seconds at which nextpnr was stopped, else nil.
    public var routeLimitHit: Int?
    /// Wall-clock seconds of synthesis plus place and route.
    public var seconds: Int
    /// yosys and nextpnr version lines.
    public var tools: String
    /// A hash of everything the run depends on (RTL, device, seed, clock, tools, parameters).
    public var inputsHash: String
    /// Whether this result was read back from an earlier run (not stored).
    public var cached = false

    enum CodingKeys: String, CodingKey {
        case top, parameters, family, device, seed, targetMHz, block, placed, harnessFlipFlops, portBits, packedRegisters, fits, fmaxMHz, note,
             routeLimitHit, seconds, tools, inputsHash
    }

    /// Written through a temporary file renamed into place, so a killed run never leaves half a result.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let tmp = path + ".tmp-\(getpid())"
        try encoder.encode(self).write(to: URL(fileURLWithPath: tmp))
        guard rename(tmp, path) == 0 else { throw FPGAFlowError.malformedReport("cannot write \(path)") }
    }

    /// One line for people.
    public var summary: String {
        var s = "\(top)\(parameters.isEmpty ? "" : " " + parameters) on \(device): \(block.luts) LUT4"
        if block.carries > 0 { s += ", \(block.carries) carry" }
        s += ", \(block.flipFlops) FF"
        if packedRegisters > 0 { s += " (+\(packedRegisters) in block-RAM output registers)" }
        if block.lutRAMs > 0 { s += ", \(block.lutRAMs) LUT-RAM" }
        s += ", \(block.blockRAMs) BRAM, \(block.dsps) DSP (\(block.lutEquivalents(family)) LUT4 equivalents); "
        if fits, let fmax = fmaxMHz {
            s += String(format: "Fmax %.1f MHz (target %.0f)", fmax, targetMHz)
        } else if fits {
            s += "no clocked path"
        } else if routeLimitHit != nil {
            s += "not routed: \(note)"
        } else {
            s += "does not fit: \(note)"
        }
        return s + "; wrapper adds \(harnessFlipFlops) FF; \(seconds) s" + (cached ? " (cached)" : "")
    }
}

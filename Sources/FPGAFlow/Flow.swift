import Foundation
import HDL
import HDLLib
import HDLSim
import HDLVerilog

/// Synthesis, placement and routing of one block on an FPGA with the open tools:
/// yosys `synth_ice40`/`synth_ecp5` and nextpnr, around the block's `ScanHarness`
/// (five pins whatever the block's ports; every path register to register).
///
/// The block is synthesized inside the wrapper without flattening, so its own
/// resources are counted apart from the wrapper's; on ECP5 the block RAMs' read
/// registers are packed into the RAMs (`OutputRegisterPacking`); the flattened
/// netlist is then placed and routed at `targetMHz` with `seed`, and nextpnr's timing report gives
/// the achieved clock. Everything lands in `workDirectory` (RTL, scripts, logs,
/// netlist, nextpnr's JSON report, result.json).
public struct FPGAFlow {
    public let device: FPGADevice
    public let seed: Int
    public let targetMHz: Double
    public let workDirectory: String
    /// Seconds nextpnr may take; past them it is stopped and the result says "not routed"
    /// with how far it got (a congested design can route for hours). nil: no limit.
    public let routeLimit: Int?

    public init(device: FPGADevice, seed: Int = 1, targetMHz: Double = 100, workDirectory: String, routeLimit: Int? = nil) {
        self.device = device
        self.seed = seed
        self.targetMHz = targetMHz
        self.workDirectory = workDirectory
        self.routeLimit = routeLimit
    }

    /// Runs the flow on `block`; `parameters` is how the block was asked for (recorded in the result).
    public func run(_ block: ModuleDef, parameters: String) throws -> FPGAResult {
        let started = Date()
        let fm = FileManager.default
        try fm.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        guard let yosys = Toolchain.find("yosys") else {
            throw FPGAFlowError.toolMissing("yosys", hint: "apt-get install -y yosys (or make deps)")
        }
        guard let nextpnr = device.nextpnrCandidates.lazy.compactMap({ Toolchain.find($0) }).first else {
            throw FPGAFlowError.toolMissing(device.nextpnrCandidates.joined(separator: " or "), hint: device.installHint)
        }
        let harness = try ScanHarness.wrap(block)
        let top = VerilogEmitter.moduleName(of: harness)
        // The emitter names a child `top__child`; the block is the wrapper's only child.
        let blockName = "\(top)__\(block.name)"
        let rtl = "\(workDirectory)/\(top).v"
        let verilog = VerilogEmitter().emit(harness)
        guard verilog.contains("module \(blockName) (") else {
            throw FPGAFlowError.malformedReport("the wrapper's Verilog (no module \(blockName))")
        }
        let netlist = "\(workDirectory)/netlist.json"
        // The block's resources: its module and every module below it (the emitter names
        // them all `top__...`; yosys's hierarchy section sums them).
        let script = """
            read_verilog \(rtl)
            hierarchy -check -top \(top)
            \(device.synthCommand) -top \(top) -noflatten
            tee -o \(workDirectory)/stat-block.txt stat -top \(blockName) \(top)__*
            tee -o \(workDirectory)/stat-total.txt stat -top \(top)
            flatten
            write_json \(netlist)

            """
        // A finished run of the same RTL, script, device, seed, clock and tools is reused (delete result.json to rerun).
        let tools = "\(Toolchain.versionLine(yosys, "-V")); \(Toolchain.versionLine(nextpnr))"
        let inputsHash = SHA256.hex([verilog, script, device.name, String(seed), String(targetMHz), tools, parameters,
                                     Self.netlistPasses].joined(separator: "\n"))
        let resultPath = "\(workDirectory)/result.json"
        // A run stopped at nextpnr's time limit is reused only under the same limit.
        if let data = fm.contents(atPath: resultPath), var cached = try? JSONDecoder().decode(FPGAResult.self, from: data),
           cached.inputsHash == inputsHash, cached.routeLimitHit == nil || cached.routeLimitHit == routeLimit {
            cached.cached = true
            return cached
        }
        try? fm.removeItem(atPath: resultPath)
        try verilog.write(toFile: rtl, atomically: true, encoding: .utf8)

        try script.write(toFile: "\(workDirectory)/synth.ys", atomically: true, encoding: .utf8)
        let yosysLog = "\(workDirectory)/yosys.log"
        guard try Toolchain.run(yosys, ["-q", "-l", yosysLog, "-s", "\(workDirectory)/synth.ys"], log: "\(workDirectory)/yosys.out") == 0 else {
            let excerpt = Self.lastErrorLine(yosysLog)
            throw FPGAFlowError.toolFailed("yosys \(device.synthCommand)", log: yosysLog,
                                           excerpt: excerpt.hasPrefix("ERROR") ? excerpt
                                               : "it stopped without an error message after '\(excerpt)' (killed: out of memory?)")
        }
        var blockCells = try CellCount(yosysStat: String(contentsOfFile: "\(workDirectory)/stat-block.txt", encoding: .utf8),
                                       family: device.family)
        var totalCells = try CellCount(yosysStat: String(contentsOfFile: "\(workDirectory)/stat-total.txt", encoding: .utf8),
                                       family: device.family)
        // ECP5: block-RAM read registers into the DP16KDs' output registers (the wrapper
        // has no block RAM, so every packed flip-flop was the block's).
        var packed = OutputRegisterPacking.Outcome()
        if device.family == .ecp5 {
            guard let data = fm.contents(atPath: netlist) else { throw FPGAFlowError.malformedReport(netlist) }
            let pass = try OutputRegisterPacking.pack(json: data, top: top)
            packed = pass.outcome
            if packed.flipFlops > 0 { try pass.netlist.write(to: URL(fileURLWithPath: netlist)) }
            blockCells.flipFlops -= packed.flipFlops
            totalCells.flipFlops -= packed.flipFlops
        }

        let bits = ScanHarness.dataBits(of: block)
        var result = FPGAResult(top: block.name, parameters: parameters, family: device.family, device: device.name,
                                seed: seed, targetMHz: targetMHz, block: blockCells, placed: totalCells,
                                harnessFlipFlops: bits.inputs + bits.outputs, portBits: bits.inputs + bits.outputs,
                                packedRegisters: packed.flipFlops, fits: false, fmaxMHz: nil, note: "", seconds: 0,
                                tools: tools, inputsHash: inputsHash)
        // A netlist over the device's capacity is reported at once: nextpnr would search for
        // a placement that cannot exist (a kllm_linear at 262 % of an ECP5-85F took 23 minutes to fail).
        let overflow = device.overflow(of: totalCells)
        guard overflow.isEmpty else {
            result.note = "synthesis needs " + overflow.joined(separator: ", ") + "; not placed"
            result.seconds = Int(Date().timeIntervalSince(started).rounded())
            try result.write(to: resultPath)
            return result
        }

        let report = "\(workDirectory)/nextpnr-report.json"
        try? fm.removeItem(atPath: report)
        let pnrLog = "\(workDirectory)/nextpnr.log"
        // nextpnr runs in the work folder on relative names: YoWASP's nextpnr-ecp5 mounts a
        // private folder of its own at /tmp, so an absolute path under /tmp would not reach it.
        var args = device.nextpnrOptions + ["--json", "netlist.json", "--report", "nextpnr-report.json", "--seed", String(seed),
                                            "--freq", String(targetMHz), "--timing-allow-fail"]
        args += device.family == .ice40 ? ["--asc", "\(top).asc"] : ["--textcfg", "\(top).config"]
        let status: Int32?
        if let routeLimit {
            status = try Toolchain.run(nextpnr, args, cwd: workDirectory, log: pnrLog, timeLimit: Double(routeLimit))
        } else {
            status = try Toolchain.run(nextpnr, args, cwd: workDirectory, log: pnrLog)
        }
        if status == nil, let routeLimit {
            result.routeLimitHit = routeLimit
            result.note = "nextpnr stopped at the \(routeLimit) s limit " + NextpnrProgress(log: pnrLog).description
        } else if status == 0, let data = fm.contents(atPath: report) {
            result.fits = true
            result.fmaxMHz = try NextpnrReport(json: data).worstFmax
        } else {
            let excerpt = Self.lastErrorLine(pnrLog)
            guard Self.isCapacityFailure(excerpt) else {
                throw FPGAFlowError.toolFailed("nextpnr (\(device.name))", log: pnrLog, excerpt: excerpt)
            }
            // nextpnr names the cell it could not place by its (very long) netlist path; keep the reason.
            result.note = excerpt.range(of: "', ").map { "ERROR: " + excerpt[$0.upperBound...] } ?? excerpt
        }
        result.seconds = Int(Date().timeIntervalSince(started).rounded())
        try result.write(to: resultPath)
        return result
    }

    /// The netlist passes between yosys and nextpnr (part of a cached result's key).
    static let netlistPasses = "ecp5: OutputRegisterPacking v2 (pipeline registers only)"

    /// Whether nextpnr stopped because the design does not fit the device.
    public static func isCapacityFailure(_ line: String) -> Bool {
        let l = line.lowercased()
        return l.contains("more") && (l.contains("than available") || l.contains("available on")) || l.contains("unable to place")
            || l.contains("unable to find legal placement")
            || l.contains("not enough")
    }

    /// The last line of a log that reads like an error (or its last line).
    static func lastErrorLine(_ path: String) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no log)" }
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.last(where: { $0.uppercased().hasPrefix("ERROR") }) ?? lines.last ?? "(empty log)"
    }
}

/// A flow step that could not run: one line naming the tool and where its log is.
public enum FPGAFlowError: Error, CustomStringConvertible {
    case toolMissing(String, hint: String)
    case toolFailed(String, log: String, excerpt: String)
    case malformedReport(String)

    public var description: String {
        switch self {
        case .toolMissing(let tool, let hint): return "\(tool) not found; \(hint)"
        case .toolFailed(let step, let log, let excerpt): return "\(step) failed: \(excerpt) (log: \(log))"
        case .malformedReport(let what): return "cannot read \(what)"
        }
    }
}

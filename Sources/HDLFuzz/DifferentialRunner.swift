import Foundation
import HDL
import HDLCycleSim
import HDLSim
import HDLVerilog
import Randomness

/// Runs one circuit on the IR simulator and on Verilator (and optionally Icarus)
/// with the same seeded stimulus and compares every output in every cycle; also
/// requires the emitted Verilog to pass `verilator --lint-only -Wall`.
public struct DifferentialRunner {
    public var cycles = 150
    public var cacheRoot: String?

    public init() {}

    /// The result of one run.
    public enum Outcome: Sendable, Equatable {
        case match
        case mismatch(String)
    }

    /// Input values per cycle (rst high in the first two cycles and now and then).
    func stimulus(_ m: ModuleDef, seed: UInt64) -> [[String: [UInt64]]] {
        var rng = SeededRandom(seed: seed ^ 0x5EED)
        return (0..<cycles).map { c in
            var v: [String: [UInt64]] = [:]
            for p in m.ports where p.isInput && p !== m.clock {
                if p === m.reset { v[p.name] = [c < 2 || rng.next() % 64 == 0 ? 1 : 0]; continue }
                var words = (0..<((p.width + 63) / 64)).map { _ in rng.next() }
                // Small values and extremes are where widths and signs go wrong.
                switch rng.next() % 6 {
                case 0: words = words.map { _ in 0 }
                case 1: words = words.map { _ in ~0 }
                case 2: words = [rng.next() % 4] + words.dropFirst().map { _ in 0 }
                default: break
                }
                let rem = p.width % 64
                if rem != 0 { words[words.count - 1] &= (UInt64(1) << UInt64(rem)) - 1 }
                v[p.name] = words
            }
            return v
        }
    }

    public func run(_ recipe: Recipe, seed: UInt64, icarus: Bool) throws -> Outcome {
        let module: ModuleDef
        do { module = try CircuitBuilder.build(recipe) } catch { return .mismatch("elaboration failed: \(error)") }
        // The IR verifier runs in every build of the fuzzer (elaboration runs it in debug builds only).
        let broken = module.hierarchy.flatMap(IRVerifier.verify)
        if !broken.isEmpty { return .mismatch("IR verifier: \(broken.joined(separator: "; "))") }
        let verilog = VerilogEmitter().emit(module)
        if let lint = try Self.lint(verilog, top: module.name) { return .mismatch("verilator -Wall: \(lint)") }
        let request = ModelBuilder.Request(top: module.name, verilog: verilog, ports: module.simPorts, clock: module.clock?.name,
                                           extraFlags: ["--x-initial", "0", "--x-assign", "0"])
        let verilator = try Simulator(request, builder: ModelBuilder(cacheRoot: cacheRoot))
        let ir = CycleSimulator(module: module)
        let outputs = module.ports.filter(\.isOutput).map(\.name)
        let stim = stimulus(module, seed: seed)
        var expected: [[UInt64]] = []
        for (c, inputs) in stim.enumerated() {
            for (name, words) in inputs.sorted(by: { $0.key < $1.key }) {
                try verilator.poke(name, words: words)
                try ir.poke(name, words: words)
            }
            var row: [UInt64] = []
            for o in outputs {
                let a = try verilator.peekWords(o), b = try ir.peekWords(o)
                if a != b { return .mismatch("cycle \(c): \(o) = \(a) on Verilator, \(b) on the IR simulator") }
                row += b
            }
            expected.append(row)
            if module.hasClock { verilator.step(); ir.step() }
        }
        if icarus, let problem = try IcarusCheck.run(module: module, verilog: verilog, stimulus: stim, outputs: outputs) {
            return .mismatch("Icarus: \(problem)")
        }
        return .match
    }

    /// Warnings of `verilator --lint-only -Wall`, or nil when clean.
    static func lint(_ verilog: String, top: String) throws -> String? {
        guard let v = Toolchain.find("verilator") else { return nil }
        let dir = NSTemporaryDirectory() + "kllm-fuzz-lint-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try verilog.write(toFile: "\(dir)/\(top).v", atomically: true, encoding: .utf8)
        let status = try Toolchain.run(v, ["--lint-only", "-Wall", "\(dir)/\(top).v"], cwd: dir, log: "\(dir)/lint.log")
        if status == 0 { return nil }
        let log = (try? String(contentsOfFile: "\(dir)/lint.log", encoding: .utf8)) ?? ""
        return log.split(separator: "\n").prefix(4).joined(separator: " | ")
    }
}

/// Simulates a fuzz circuit with Icarus through an emitted testbench, every
/// register and memory word first set to zero as the other simulators start, and
/// compares every output bit with the IR simulator's (an X bit is a mismatch).
enum IcarusCheck {
    static func run(module: ModuleDef, verilog: String, stimulus: [[String: [UInt64]]], outputs: [String]) throws -> String? {
        guard let iverilog = Toolchain.find("iverilog"), let vvp = Toolchain.find("vvp") else { return nil }
        let dir = NSTemporaryDirectory() + "kllm-fuzz-icarus-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ins = module.ports.filter { $0.isInput && $0 !== module.clock }
        let outs = module.ports.filter(\.isOutput)
        let inWidth = ins.reduce(0) { $0 + $1.width }, outWidth = outs.reduce(0) { $0 + $1.width }
        // Expected outputs come from a Verilator-free model: the IR simulator.
        let ir = CycleSimulator(module: module)
        var stimLines: [String] = [], expLines: [String] = []
        for inputs in stimulus {
            stimLines.append(hex(ins.map { (inputs[$0.name] ?? [0], $0.width) }))
            for (n, w) in inputs { try ir.poke(n, words: w) }
            expLines.append(hex(try outs.map { (try ir.peekWords($0.name), $0.width) }))
            if module.hasClock { ir.step() }
        }
        try stimLines.joined(separator: "\n").write(toFile: "\(dir)/stim.hex", atomically: true, encoding: .utf8)
        try expLines.joined(separator: "\n").write(toFile: "\(dir)/expect.hex", atomically: true, encoding: .utf8)
        var tb = "`default_nettype none\nmodule tb;\n"
        if module.hasClock { tb += "    reg clk = 1'b0;\n" }
        for p in ins { tb += "    reg [\(p.width - 1):0] \(p.name);\n" }
        for p in outs { tb += "    wire [\(p.width - 1):0] \(p.name);\n" }
        tb += "    reg [\(inWidth - 1):0] stim [0:\(stimulus.count - 1)];\n"
        tb += "    reg [\(outWidth - 1):0] expected [0:\(stimulus.count - 1)];\n"
        tb += "    wire [\(outWidth - 1):0] got = {\(outs.map(\.name).joined(separator: ", "))};\n"
        tb += "    integer c, b, errors, zi;\n"
        // Start from the state Verilator (--x-initial 0) and the IR simulator start from:
        // every register and memory word zero, so X-optimism cannot differ. Nothing
        // happens at time 0, where `always @*` blocks may not yet be waiting (a race).
        var zeroing = ""
        func zero(_ m: ModuleDef, _ path: String) {
            for s in m.signals where s.isRegister { zeroing += "        \(path).\(s.name) = 0;\n" }
            for mem in m.memories { zeroing += "        for (zi = 0; zi < \(mem.depth); zi = zi + 1) \(path).\(mem.name)[zi] = 0;\n" }
            for i in m.instances { zero(i.module, "\(path).\(i.name)") }
        }
        zero(module, "dut")
        let conns = module.ports.map { ".\($0.name)(\($0.name))" }.joined(separator: ", ")
        tb += "    \(module.name) dut (\(conns));\n"
        tb += "    initial begin\n        $readmemh(\"stim.hex\", stim);\n        $readmemh(\"expect.hex\", expected);\n        errors = 0;\n        #1;\n"
        tb += zeroing
        tb += "        for (c = 0; c < \(stimulus.count); c = c + 1) begin\n"
        tb += "            {\(ins.map(\.name).joined(separator: ", "))} = stim[c];\n            #1;\n"
        tb += "            for (b = 0; b < \(outWidth); b = b + 1)\n"
        tb += "                if (got[b] !== expected[c][b]) begin\n"
        tb += "                    if (errors == 0) $display(\"MISMATCH cycle %0d bit %0d: got %h expected %h\", c, b, got, expected[c]);\n"
        tb += "                    errors = errors + 1;\n                end\n"
        if module.hasClock { tb += "            clk = 1'b1; #1; clk = 1'b0; #1;\n" }
        tb += "        end\n        if (errors == 0) $display(\"PASS\");\n        $finish;\n    end\nendmodule\n"
        try tb.write(toFile: "\(dir)/tb.v", atomically: true, encoding: .utf8)
        try verilog.write(toFile: "\(dir)/dut.v", atomically: true, encoding: .utf8)
        guard try Toolchain.run(iverilog, ["-g2005", "-o", "\(dir)/sim", "\(dir)/tb.v", "\(dir)/dut.v"], cwd: dir, log: "\(dir)/build.log") == 0 else {
            return "iverilog failed: " + ((try? String(contentsOfFile: "\(dir)/build.log", encoding: .utf8)) ?? "")
        }
        _ = try Toolchain.run(vvp, ["-n", "\(dir)/sim"], cwd: dir, log: "\(dir)/run.log")
        let log = (try? String(contentsOfFile: "\(dir)/run.log", encoding: .utf8)) ?? ""
        return log.contains("PASS") ? nil : log.split(separator: "\n").first.map(String.init) ?? "no output"
    }

    /// Fields packed most-significant first (the first field highest), as hex.
    static func hex(_ fields: [([UInt64], Int)]) -> String {
        var bits: [Bool] = []
        for (words, width) in fields {
            for i in stride(from: width - 1, through: 0, by: -1) {
                bits.append(i / 64 < words.count && (words[i / 64] >> UInt64(i % 64)) & 1 == 1)
            }
        }
        bits = Array(repeating: false, count: (4 - bits.count % 4) % 4) + bits
        var s = ""
        for i in stride(from: 0, to: bits.count, by: 4) {
            let v = (bits[i] ? 8 : 0) + (bits[i + 1] ? 4 : 0) + (bits[i + 2] ? 2 : 0) + (bits[i + 3] ? 1 : 0)
            s += String(v, radix: 16)
        }
        return s.isEmpty ? "0" : s
    }
}

import Foundation
import HDLSim

/// The baseline for the simulation layer: a plain C++ loop that drives the same
/// Verilated model (same Verilog, same optimisation flags) with the same input
/// table, writing every input each cycle and ticking the clock as the shim does.
enum CxxLoop {
    /// Builds the driver under `dir`; returns its path.
    static func build(top: String, verilog: String, inputs: [SimPort], table: [[[UInt64]]],
                      hasClock: Bool, hasReset: Bool, dir relativeDir: String) throws -> String {
        let dir = URL(fileURLWithPath: relativeDir).standardizedFileURL.path
        let fm = FileManager.default
        try? fm.removeItem(atPath: dir)
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try verilog.write(toFile: "\(dir)/\(top).v", atomically: true, encoding: .utf8)
        try source(top: top, inputs: inputs, table: table, hasClock: hasClock, hasReset: hasReset)
            .write(toFile: "\(dir)/main.cpp", atomically: true, encoding: .utf8)
        let (verilator, _) = try Toolchain.verilator()
        let args = ["--cc", "--exe", "--build", "--build-jobs", "2"] + ModelBuilder.modelFlags
            + ["--top-module", top, "-o", "driver", "--Mdir", "\(dir)/obj", "\(dir)/\(top).v", "\(dir)/main.cpp"]
        guard try Toolchain.run(verilator, args, cwd: dir, log: "\(dir)/build.log") == 0 else {
            let log = (try? String(contentsOfFile: "\(dir)/build.log", encoding: .utf8)) ?? ""
            throw SimError.buildFailed(top: top, log: "\(dir)/build.log",
                                       logTail: log.split(separator: "\n").suffix(15).joined(separator: "\n"))
        }
        return "\(dir)/obj/driver"
    }

    /// One run of the driver: its measured cycles per second.
    static func run(_ driver: String, cycles: Int) throws -> Double {
        let out = driver + "-rate.txt"
        guard try Toolchain.run(driver, [String(cycles)], log: out) == 0,
              let rate = Double((try String(contentsOfFile: out, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw SimError.invalidDesign("C++ driver \(driver) failed; see \(out)") }
        return rate
    }

    static func source(top: String, inputs: [SimPort], table: [[[UInt64]]], hasClock: Bool, hasReset: Bool) -> String {
        let cls = "V\(top)"
        let wordsPerRow = inputs.reduce(0) { $0 + $1.wordCount }
        var s = """
        // Plain C++ driver of \(cls): the baseline for the Swift simulation layer.
        #include "\(cls).h"
        #include "verilated.h"
        #include <chrono>
        #include <cstdint>
        #include <cstdio>
        #include <cstdlib>

        static const uint64_t kTable[\(table.count)][\(max(wordsPerRow, 1))] = {

        """
        for row in table {
            let flat = row.flatMap { $0 }
            s += "    {" + (flat.isEmpty ? "0" : flat.map { "0x\(String($0, radix: 16))ull" }.joined(separator: ", ")) + "},\n"
        }
        s += """
        };

        static void tick(\(cls)& t) {
        \(hasClock ? "    t.eval();\n    t.clk = 1;\n    t.eval();\n    t.clk = 0;\n    t.eval();" : "    t.eval();")
        }

        int main(int argc, char** argv) {
            const uint64_t cycles = argc > 1 ? strtoull(argv[1], nullptr, 10) : 100000;
            VerilatedContext ctx;
            \(cls) t(&ctx, "TOP");

        """
        if hasReset { s += "    t.rst = 1;\n    tick(t);\n    t.rst = 0;\n" }
        s += """
            const auto t0 = std::chrono::steady_clock::now();
            for (uint64_t c = 0; c < cycles; ++c) {
                const uint64_t* v = kTable[c & \(table.count - 1)];

        """
        var offset = 0
        for p in inputs {
            if p.width <= 64 {
                s += "        t.\(p.name) = v[\(offset)];\n"
            } else {
                let n32 = (p.width + 31) / 32
                for k in 0..<n32 {
                    s += "        t.\(p.name)[\(k)] = (uint32_t)(v[\(offset + k / 2)]\(k % 2 == 1 ? " >> 32" : ""));\n"
                }
            }
            offset += p.wordCount
        }
        s += """
                tick(t);
            }
            const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            printf("%.0f\\n", (double)cycles / secs);
            t.final();
            return 0;
        }

        """
        return s
    }
}

@testable import FPGAFlow
import Foundation
import HDL
import HDLExamples
import HDLLib
import HDLSim
import Randomness
import SimTesting
import XCTest

/// The pieces of `kllm-gen fpga` that run without the FPGA tools: the scan wrapper
/// (it must drive every input bit and observe every output bit, and add exactly one
/// flip-flop per port bit) and the readers of yosys's and nextpnr's reports.
final class FPGAFlowTests: XCTestCase {
    /// Shifts operands into the wrapper of a wide adder, captures, shifts the sum out.
    func testScanHarnessDrivesAndObservesEveryPortBit() throws {
        let width = 7
        let block = try WideAdderGenerator(width: width).build()
        let harness = try ScanHarness.wrap(block)
        let bits = ScanHarness.dataBits(of: block)
        XCTAssertEqual(bits.inputs, 2 * width)
        XCTAssertEqual(bits.outputs, width + 1)
        let sim = try makeSimulator(harness, backend: .ir)
        try sim.zeroInputs()
        var rng = SeededRandom(seed: SeededRandom.testSeed(11))
        for trial in 0..<40 {
            let a = rng.unsigned(width: width), b = rng.unsigned(width: width)
            // Input chain bit 0 is a's bit 0 (the first input port sits at the low end); the first bit in ends at the top.
            let word = b << UInt64(width) | a
            try sim.poke("capture", 0)
            for i in (0..<bits.inputs).reversed() {
                try sim.poke("scan_in", (word >> UInt64(i)) & 1)
                sim.step(1)
            }
            try sim.poke("capture", 1)
            sim.step(1)
            try sim.poke("capture", 0)
            var sum: UInt64 = 0
            for _ in 0..<bits.outputs {
                sim.eval()
                sum = sum << 1 | (try sim.peek("scan_out"))
                sim.step(1)
            }
            XCTAssertEqual(sum, a + b, "trial \(trial): \(a) + \(b) through the scan wrapper")
        }
    }

    func testHarnessAddsOneFlipFlopPerPortBit() throws {
        let block = try SignedMACGenerator().build()
        let harness = try ScanHarness.wrap(block)
        let added = harness.signals.filter(\.isRegister).reduce(0) { $0 + $1.width }
        XCTAssertEqual(added, ScanHarness.addedFlipFlops(for: block))
        XCTAssertEqual(harness.ports.map(\.name).sorted(), ["capture", "clk", "rst", "scan_in", "scan_out"])
    }

    func testCellCountReadsTheLastSectionOfAStatReport() throws {
        let ecp5 = """
            === kllm_x_scan__kllm_x ===
               Number of cells:               10
                 LUT4                          3
            === design hierarchy ===
               kllm_x_scan                1
               Number of wires:               20
               Number of cells:               99
                 CCU2C                         5
                 DP16KD                        2
                 L6MUX21                       1
                 LUT4                         40
                 MULT18X18D                    4
                 PFUMX                         6
                 TRELLIS_DPR16X4               3
                 TRELLIS_FF                   38
            """
        let c = try CellCount(yosysStat: ecp5, family: .ecp5)
        XCTAssertEqual([c.luts, c.carries, c.flipFlops, c.lutRAMs, c.blockRAMs, c.dsps, c.wideMuxes], [40, 5, 38, 3, 2, 4, 7])
        XCTAssertEqual(c.lutEquivalents(.ecp5), 40 + 10 + 12)
        let ice40 = "=== top ===\n   Number of cells: 9\n     SB_CARRY 2\n     SB_DFFE 3\n     SB_DFFSR 1\n     SB_LUT4 5\n     SB_RAM40_4K 1\n"
        let i = try CellCount(yosysStat: ice40, family: .ice40)
        XCTAssertEqual([i.luts, i.carries, i.flipFlops, i.blockRAMs], [5, 2, 4, 1])
        XCTAssertThrowsError(try CellCount(yosysStat: "no statistics here", family: .ice40))
    }

    func testNextpnrReportGivesTheSlowestClock() throws {
        let json = #"{"fmax": {"$glbnet$clk": {"achieved": 71.3, "constraint": 100.0}, "other": {"achieved": 150.0, "constraint": 100.0}}}"#
        XCTAssertEqual(try NextpnrReport(json: Data(json.utf8)).worstFmax, 71.3)
        XCTAssertNil(try NextpnrReport(json: Data(#"{"fmax": {}}"#.utf8)).worstFmax)
        XCTAssertThrowsError(try NextpnrReport(json: Data("[1, 2]".utf8)))
    }

    func testCapacityFailuresAreToldApartFromToolErrors() {
        XCTAssertTrue(FPGAFlow.isCapacityFailure("ERROR: Unable to place cell 'x', no BELs remaining to implement cell type 'ICESTORM_LC'"))
        XCTAssertTrue(FPGAFlow.isCapacityFailure("ERROR: Design uses more TRELLIS_COMB than available"))
        XCTAssertTrue(FPGAFlow.isCapacityFailure("ERROR: Unable to find legal placement for cell 'x' of type 'TRELLIS_COMB' after 76427801 attempts"))
        XCTAssertFalse(FPGAFlow.isCapacityFailure("ERROR: failed to parse JSON file"))
    }

    func testANetlistOverTheDeviceIsToldBeforePlacement() throws {
        // The default kllm_linear after synth_ecp5 (measured): 214,781 LUT4, 1,571 CCU2C, 256 DPR16X4.
        var cells = CellCount()
        cells.luts = 214_781; cells.carries = 1_571; cells.lutRAMs = 256; cells.flipFlops = 7_168; cells.dsps = 25
        let ecp5 = FPGADevice.default(.ecp5)
        XCTAssertEqual(ecp5.overflow(of: cells), ["218,947 LUT4 equivalents of 83,640 (261 %)"])
        cells.dsps = 256
        XCTAssertEqual(ecp5.overflow(of: cells).last, "256 DSPs of 156 (164 %)")
        XCTAssertEqual(ecp5.overflow(of: CellCount()), [])
        // On an iCE40 a carry rides on its LUT; the HX8K's 7,680 logic cells bound LUTs and flip-flops.
        var small = CellCount()
        small.luts = 7_680; small.carries = 900; small.flipFlops = 7_681
        XCTAssertEqual(FPGADevice.default(.ice40).overflow(of: small), ["7,681 flip-flops of 7,680 (100 %)"])
    }
    func testNextpnrProgressSaysWhereAStoppedRunWas() {
        // Lines as nextpnr-ecp5 0.11 writes them (router1's progress table).
        let routing = """
            Info: SA placement time 235.22s
            Info: Routing globals...
            Info: Routing..
            Info: Routing 187541 arcs.
            Info:            |   (re-)routed arcs  |   delta    | remaining|       time spent     |
            Info:    IterCnt |  w/ripup   wo/ripup |  w/r  wo/r |      arcs| batch(sec) total(sec)|
            Info:       1000 |        0       1000 |    0  1000 |    186556|       0.35       0.35|
            Info:     705000 |   149758     555241 |  285   715 |     78225|       2.07    1525.30|
            """
        XCTAssertEqual(NextpnrProgress(text: routing).stage, .routing(remainingArcs: 78_225, totalArcs: 187_541))
        XCTAssertEqual(NextpnrProgress(text: routing).description, "while routing (78,225 of 187,541 arcs left)")
        XCTAssertEqual(NextpnrProgress(text: "Info: Routing..\nInfo: Routing 12 arcs.").description, "while routing")
        XCTAssertEqual(NextpnrProgress(text: "Info: Running HeAP placer\nInfo:     at initial placer iter 0").description, "while placing")
        XCTAssertEqual(NextpnrProgress(log: "/nonexistent/nextpnr.log").stage, .placement)
    }

    func testAToolPastItsTimeLimitIsStopped() throws {
        let start = Date()
        XCTAssertNil(try Toolchain.run("/bin/sleep", ["30"], timeLimit: 0.3))
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "stopped near its limit, not at its end")
        XCTAssertEqual(try Toolchain.run("/bin/sh", ["-c", "exit 3"], timeLimit: 30), 3)
    }

    func testAResultStoppedAtTheLimitSaysNotRouted() throws {
        var result = FPGAResult(top: "t", parameters: "", family: .ecp5, device: "LFE5U-85F-6CABGA756", seed: 1, targetMHz: 100,
                                block: CellCount(), placed: CellCount(), harnessFlipFlops: 0, portBits: 0, packedRegisters: 0,
                                fits: false, fmaxMHz: nil, note: "nextpnr stopped at the 60 s limit while placing", routeLimitHit: 60,
                                seconds: 61, tools: "", inputsHash: "")
        XCTAssertTrue(result.summary.contains("not routed: nextpnr stopped at the 60 s limit while placing"), result.summary)
        let decoded = try JSONDecoder().decode(FPGAResult.self, from: JSONEncoder().encode(result))
        XCTAssertEqual(decoded.routeLimitHit, 60)
        result.routeLimitHit = nil
        XCTAssertTrue(result.summary.contains("does not fit: "), result.summary)
    }
}

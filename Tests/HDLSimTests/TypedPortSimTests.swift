import HDL
import KLLMGen
import SimCore
import SimTesting
import XCTest

/// Simulators poke and peek through a block's typed ports, on both backends.
final class TypedPortSimTests: XCTestCase {
    func testQuantizerThroughItsTypedPorts() throws {
        let q = try QuantizerGenerator(lanes: 2, dataWidth: 8, indexBits: 2).component()
        let io = q.ports
        for backend in SimBackend.allCases {
            let sim = try makeSimulator(q.def, backend: backend)
            try sim.zeroInputs()
            try sim.reset()
            for (address, threshold) in [-10, 0, 10].enumerated() {   // thresholds below 1, 2, 3
                try sim.poke(io.thr.we, 1)
                try sim.poke(io.thr.waddr, UInt64(address))
                try sim.poke(io.thr.wdata, signed: Int64(threshold))
                sim.step()
            }
            try sim.poke(io.thr.we, 0)
            try sim.poke(io.inValid, 1)
            try sim.poke(io.inData, 0x05_F0)   // lane 0 = -16, lane 1 = 5
            sim.step()
            sim.expect(io.outValid, 1)
            sim.expect(io.outIdx, 0b10_00, "lane 0 below every threshold, lane 1 above two (\(backend))")
            XCTAssertThrowsError(try sim.poke(io.outIdx, 1)) { e in
                XCTAssertEqual(e as? SimError, .wrongDirection(port: "out_idx", expected: .input))
            }
            XCTAssertThrowsError(try sim.peek(io.inData.bits(3, 0))) { e in
                XCTAssertTrue("\(e)".contains("an expression, not a port"), "\(e)")
            }
        }
    }
}

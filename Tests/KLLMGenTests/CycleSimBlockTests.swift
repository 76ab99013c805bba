import HDLSim
import KLLMGen
import KLLMGolden
import Randomness
import SimTesting
import XCTest

/// The KLLM blocks on the built-in IR cycle simulator, against the same golden
/// models (shorter runs; `KLLM_SIM_BACKEND=ir swift test` runs every block test on it).
final class CycleSimBlockTests: XCTestCase {
    override func setUp() { continueAfterFailure = false }

    func testLutMapOnIR() throws {
        try ElementwiseBlockTests.runLutMap(lanes: 3, indexBits: 3, outWidth: 5, beats: 4000, seed: SeededRandom.testSeed(111), backend: .ir)
    }
    func testQuantizerOnIR() throws {
        try ElementwiseBlockTests.runQuantizer(lanes: 3, dataWidth: 7, indexBits: 3, beats: 4000, seed: SeededRandom.testSeed(121), backend: .ir)
    }
    func testLutReduceOnIR() throws {
        try VectorBlockTests.runLutReduce(lanes: 3, indexBits: 3, valueWidth: 9, accWidth: 10, beats: 4000,
                                            seed: SeededRandom.testSeed(131), backend: .ir)
        try VectorBlockTests.runLutReduce(lanes: 3, indexBits: 3, valueWidth: 9, accWidth: 10, stages: 3, beats: 4000,
                                            seed: SeededRandom.testSeed(132), backend: .ir)
    }
    func testOrizuruOnIR() throws {
        try VectorBlockTests.runOrizuru(lanes: 3, dataWidth: 7, topK: 5, positionWidth: 6, beats: 4000,
                                          seed: SeededRandom.testSeed(141), maxBeatsPerVector: 3, backend: .ir)
        try VectorBlockTests.runOrizuru(lanes: 5, dataWidth: 6, topK: 3, positionWidth: 6, beats: 4000,
                                          seed: SeededRandom.testSeed(142), maxBeatsPerVector: 4, architecture: .rank, backend: .ir)
    }
    func testLinearOnIR() throws {
        try LinearTests.run(LinearTests.Config(n: 3, k: 6, lanes: 2, wbits: 2, abits: 2, dataW: 6, cwW: 5, sW: 4, accW: 14, topK: 2,
                                               outLanes: 1, vectors: 150), seed: SeededRandom.testSeed(161), backend: .ir)
        try LinearTests.run(LinearTests.Config(n: 4, k: 6, lanes: 3, wbits: 2, abits: 2, dataW: 6, cwW: 5, sW: 4, accW: 14, topK: 2,
                                               outLanes: 2, rowPar: 2, arch: .replicated, outlierArch: .rank, outlierStages: 2, vectors: 150),
                            seed: SeededRandom.testSeed(162), backend: .ir)
    }
    func testIndexMatMulBothArchitecturesOnIR() throws {
        var c = IndexMatMulTests.Config(rows: 3, cols: 5, wbits: 3, abits: 2, lutW: 9, accW: 12, beats: 3000)
        try IndexMatMulTests.run(c, seed: SeededRandom.testSeed(151), backend: .ir)
        c.arch = .histogram
        c.outRows = 1
        try IndexMatMulTests.run(c, seed: SeededRandom.testSeed(152), backend: .ir)
    }
}

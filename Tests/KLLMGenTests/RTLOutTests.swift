import Foundation
import HDL
import KLLMGen
import XCTest

/// The committed rtl-out/ equals a fresh generation; the registry rejects bad input.
final class RTLOutTests: XCTestCase {
    var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    func testCommittedRTLMatchesFreshGeneration() throws {
        let tops = try Registry.all.filter(\.inDefaultSet).map { ($0, try $0.resolve()) }
        for f in try BlockSpec.render(tops) {
            let path = "\(root)/rtl-out/\(f.name)"
            let committed = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertEqual(committed, f.text, "\(path) is stale: run `swift run kllm-gen`")
        }
    }

    func testUnknownTopAndParameterAreUsageErrors() {
        XCTAssertThrowsError(try Registry.spec("nope")) { e in
            XCTAssertTrue("\(e)".hasPrefix("unknown top 'nope'; known tops: kllm_index_matmul, kllm_quantizer"), "\(e)")
        }
        XCTAssertThrowsError(try Registry.spec("counter").build(["DEPTH": "3"])) { e in
            XCTAssertEqual("\(e)", "'counter' has no parameter 'DEPTH'; its parameters: WIDTH")
        }
        XCTAssertThrowsError(try parseParameterAssignments(["WIDTH"])) { e in
            XCTAssertEqual("\(e)", "malformed parameter 'WIDTH': expected NAME=VALUE, e.g. -p ROWS=4")
        }
        XCTAssertThrowsError(try Registry.spec("counter").build(parseParameterAssignments(["WIDTH=x"]))) { e in
            XCTAssertEqual("\(e)", "malformed parameter 'WIDTH=x': expected an integer")
        }
        XCTAssertThrowsError(try Registry.spec("counter").build(["WIDTH": "0"])) { e in
            XCTAssertEqual("\(e)", "illegal parameter WIDTH=0: must be in 1...64")
        }
    }

    func testChoiceParametersAreNamedInErrorsAndManifest() throws {
        let spec = try Registry.spec("kllm_index_matmul")
        XCTAssertThrowsError(try spec.build(["ARCH": "histogram", "ROWS": "32", "COLS": "32", "OUT_ROWS": "8"])) { e in
            XCTAssertTrue("\(e)".hasPrefix("illegal parameter ARCH=histogram: the histogram architecture needs"), "\(e)")
        }
        XCTAssertThrowsError(try spec.build(["ARCH": "1"])) { e in
            XCTAssertEqual("\(e)", "parameter ARCH of 'kllm_index_matmul' must be one of broadcast, decoded, histogram, replicated (got '1')")
        }
        let values = try spec.resolve(["ARCH": "histogram", "ROWS": "4"])
        XCTAssertEqual(values[IndexMatMulSpec.outRows], 4, "OUT_ROWS defaults to ROWS")
        XCTAssertEqual(values.choice(IndexMatMulSpec.architecture, as: IndexMatMulGenerator.Architecture.self), .histogram)
        XCTAssertEqual(IndexMatMulSpec.outRows.defaultDescription, "ROWS")
    }

    /// `--target fpga` fills the parameters not given with the FPGA defaults; explicit
    /// values win, and a rule follows the parameters before it.
    func testFPGATargetDefaults() throws {
        let linear = try LinearSpec.block.resolve(target: .fpga)
        XCTAssertEqual(linear.choice(LinearSpec.architecture, as: LinearGenerator.Architecture.self), .replicated)
        XCTAssertEqual(linear.choice(LinearSpec.outlierArchitecture, as: OrizuruGenerator.Architecture.self), .rank)
        XCTAssertEqual([linear[LinearSpec.outlierStages], linear[LinearSpec.quantizerStages], linear[LinearSpec.readStages]], [5, 2, 2])
        XCTAssertEqual(linear[LinearSpec.rows], 16, "contract parameters keep their defaults")
        XCTAssertEqual(try LinearSpec.block.resolve(), try LinearSpec.block.resolve(target: .asic))

        // An explicit choice re-aims the rules that read it.
        let registers = try LinearSpec.block.resolve(["ARCH": "registers", "OUTLIER_ARCH": "batcher"], target: .fpga)
        XCTAssertEqual([registers[LinearSpec.outlierStages], registers[LinearSpec.readStages], registers[LinearSpec.quantizerStages]], [1, 1, 2])
        XCTAssertNoThrow(try LinearSpec.block.build(["ARCH": "registers", "OUTLIER_ARCH": "batcher"], target: .fpga))
        XCTAssertEqual(try LutReduceSpec.block.resolve(["IBITS": "1"], target: .fpga)[LutReduceSpec.stages], 2, "at most IBITS + 1")
        XCTAssertEqual(try LutReduceSpec.block.resolve(["STAGES": "1"], target: .fpga)[LutReduceSpec.stages], 1, "explicit wins")
        XCTAssertEqual(LutReduceSpec.stages.defaultDescription(on: .fpga), "min(3, IBITS + 1)")
        XCTAssertNil(LutReduceSpec.lanes.defaultDescription(on: .fpga))

        // Every top of the default set elaborates at its FPGA defaults; the ones that change are deeper.
        for spec in Registry.all.filter(\.inDefaultSet) {
            let (asic, fpga) = (try spec.build(target: .asic), try spec.build(target: .fpga))
            XCTAssertGreaterThanOrEqual(fpga.latency ?? 0, asic.latency ?? 0, spec.name)
        }
        XCTAssertEqual(try Registry.spec("kllm_quantizer").build(target: .fpga).latency, 2)
        XCTAssertEqual(try Registry.spec("kllm_orizuru").build(target: .fpga).latency, 6)
    }

    /// Every top records exactly its declared parameters, by name and as written,
    /// so the manifest, `list` and the CLI agree.
    func testEveryTopRecordsItsDeclaredParameters() throws {
        for spec in Registry.all {
            let values = try spec.resolve()
            let module = try spec.build(values)
            XCTAssertEqual(module.parameters.map(\.name), values.described.map(\.name), spec.name)
            XCTAssertEqual(module.parameters.map(\.value), values.described.map(\.value), spec.name)
            XCTAssertEqual(module.name, spec.name)
        }
    }

    func testFailedWriteLeavesNoFile() throws {
        let dir = NSTemporaryDirectory() + "kllm-ro-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        chmod(dir, 0o555)
        defer { chmod(dir, 0o755) }
        if getuid() == 0 {
            // root ignores permission bits; an output path below a regular file fails instead.
            XCTAssertTrue(FileManager.default.createFile(atPath: dir + "/file", contents: Data()))
            XCTAssertThrowsError(try RTLWriter(outputDirectory: dir + "/file/sub").write([("a.v", "x")]))
        } else {
            XCTAssertThrowsError(try RTLWriter(outputDirectory: dir).write([("a.v", "x")]))
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
        }
    }
}

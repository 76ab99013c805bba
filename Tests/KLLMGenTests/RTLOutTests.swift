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
        let tops = try Registry.all.filter(\.inDefaultSet).map { try $0.build() }
        for f in try RTLWriter.render(tops) {
            let path = "\(root)/rtl-out/\(f.name)"
            let committed = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertEqual(committed, f.text, "\(path) is stale: run `swift run kllm-gen`")
        }
    }

    func testUnknownTopAndParameterAreUsageErrors() {
        XCTAssertThrowsError(try Registry.generator("nope")) { e in
            XCTAssertTrue("\(e)".hasPrefix("unknown top 'nope'; known tops: kllm_index_matmul, kllm_quantizer"), "\(e)")
        }
        XCTAssertThrowsError(try Registry.generator("counter").build(["DEPTH": "3"])) { e in
            XCTAssertEqual("\(e)", "'counter' has no parameter 'DEPTH'; its parameters: WIDTH")
        }
        XCTAssertThrowsError(try Registry.parseAssignments(["WIDTH"])) { e in
            XCTAssertEqual("\(e)", "malformed parameter 'WIDTH': expected NAME=VALUE, e.g. -p ROWS=4")
        }
        XCTAssertThrowsError(try Registry.generator("counter").build(Registry.parseAssignments(["WIDTH=x"]))) { e in
            XCTAssertEqual("\(e)", "malformed parameter 'WIDTH=x': expected an integer")
        }
        XCTAssertThrowsError(try Registry.generator("counter").build(["WIDTH": "0"])) { e in
            XCTAssertEqual("\(e)", "illegal parameter WIDTH=0: must be in 1...64")
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

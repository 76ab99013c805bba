import Foundation
import HDLSim
import KLLMGen
import KLLMGolden
import XCTest

/// The bad-input catalogue at the command line: every mistake is one
/// `kllm-gen: error:` line, exit status 1, and no file left in the output folder.
final class CLITests: XCTestCase {
    /// kllm-gen from the same build folder as the tests.
    var binary: String {
        let here = Bundle(for: CLITests.self).bundleURL
        let candidates = [here.appendingPathComponent("kllm-gen"), here.deletingLastPathComponent().appendingPathComponent("kllm-gen")]
        return (candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]).path
    }

    /// Runs kllm-gen; returns (status, stdout, stderr).
    func run(_ args: [String]) throws -> (Int32, String, String) {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            XCTFail("kllm-gen is not built at \(binary) (swift build)")
            return (-1, "", "")
        }
        let dir = NSTemporaryDirectory() + "kllm-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let status = try Toolchain.run(binary, args, log: "\(dir)/all.log")
        // Separate streams: run again capturing stderr only through the shell.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "\"$0\" \"$@\" 1>\(dir)/out 2>\(dir)/err", binary] + args
        try p.run()
        p.waitUntilExit()
        let out = (try? String(contentsOfFile: "\(dir)/out", encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: "\(dir)/err", encoding: .utf8)) ?? ""
        XCTAssertEqual(p.terminationStatus, status)
        return (status, out, err)
    }

    func expectError(_ args: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let out = NSTemporaryDirectory() + "kllm-cli-out-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let (status, stdout, stderr) = try run(args.map { $0 == "OUT" ? out : $0 })
        XCTAssertEqual(status, 1, file: file, line: line)
        XCTAssertEqual(stdout, "", file: file, line: line)
        XCTAssertEqual(stderr, "kllm-gen: error: \(message)\n", file: file, line: line)
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        XCTAssertEqual(left, [], "files left behind", file: file, line: line)
    }

    func testUnknownTop() throws {
        try expectError(["generate", "kllm_nope", "--out", "OUT"],
                        "unknown top 'kllm_nope'; known tops: " + Registry.all.map(\.name).joined(separator: ", "))
    }

    func testUnknownParameter() throws {
        try expectError(["generate", "kllm_orizuru", "-p", "LANE=4", "--out", "OUT"],
                        "'kllm_orizuru' has no parameter 'LANE'; its parameters: LANES, DATA_W, TOPK, POS_W, ARCH, STAGES")
    }

    func testFormatsRefusesBadArguments() throws {
        try expectError(["formats", "--safetensors", "none.safetensors", "--lut-widths", "16,1"],
                        "--lut-widths takes comma-separated widths in 2...32 (got '16,1')")
        try expectError(["formats", "--safetensors", "none.safetensors", "--tokens", "0"], "--tokens must be in 1...37 (got 0)")
    }

    /// Mistakes the argument parser finds take the same path as every other error.
    func testCommandLineMistakesAreOneErrorLine() throws {
        try expectError(["generate"], "Missing expected argument '<top>' (see kllm-gen --help)")
        try expectError(["eval", "--bits", "x"], "The value 'x' is invalid for '--bits <bits>' (see kllm-gen --help)")
        try expectError(["generate", "kllm_quantizer", "--bogus"], "Unknown option '--bogus'. Did you mean '--out'? (see kllm-gen --help)")
        let (status, stdout, _) = try run(["--help"])
        XCTAssertEqual(status, 0)
        XCTAssertTrue(stdout.hasPrefix("OVERVIEW:"), stdout)
    }

    func testUnknownTarget() throws {
        try expectError(["generate", "kllm_linear", "--target", "gpu", "--out", "OUT"], "unknown target 'gpu'; use asic or fpga")
        try expectError(["--target", "fpga1", "--out", "OUT"], "unknown target 'fpga1'; use asic or fpga")
    }

    func testFPGAOptions() throws {
        try expectError(["fpga", "kllm_quantizer", "--route-limit", "0", "--out", "OUT"],
                        "--route-limit must be a positive number of seconds (got 0)")
        try expectError(["fpga", "kllm_quantizer", "--freq", "0", "--out", "OUT"], "--freq must be a positive clock in MHz (got 0.0)")
    }

    func testMalformedParameter() throws {
        try expectError(["generate", "kllm_orizuru", "-p", "LANES", "--out", "OUT"], "malformed parameter 'LANES': expected NAME=VALUE, e.g. -p ROWS=4")
        try expectError(["generate", "kllm_orizuru", "-p", "LANES=four", "--out", "OUT"], "malformed parameter 'LANES=four': expected an integer")
        try expectError(["generate", "kllm_index_matmul", "-p", "ARCH=systolic", "--out", "OUT"],
                        "parameter ARCH of 'kllm_index_matmul' must be one of broadcast, decoded, histogram, replicated (got 'systolic')")
    }

    func testIllegalGeneratorParameters() throws {
        try expectError(["generate", "kllm_quantizer", "-p", "IBITS=9", "--out", "OUT"], "illegal parameter IBITS=9: must be in 1...8")
        try expectError(["generate", "kllm_lut_map", "-p", "LANES=0", "--out", "OUT"], "illegal parameter LANES=0: must be in 1...1024")
        try expectError(["generate", "kllm_lut_reduce", "-p", "ACC_W=8", "--out", "OUT"],
                        "illegal parameter ACC_W=8: must be in 16...64 (an accumulator must be at least as wide as VAL_W=16, at most 64)")
        try expectError(["generate", "kllm_orizuru", "-p", "TOPK=9", "-p", "POS_W=3", "--out", "OUT"],
                        "illegal parameter TOPK=9: a vector holds at most 2^POS_W - 1 = 7 elements, fewer than TOPK")
        try expectError(["generate", "kllm_index_matmul", "-p", "OUT_ROWS=3", "--out", "OUT"], "illegal parameter OUT_ROWS=3: must divide ROWS=8")
        try expectError(["generate", "kllm_index_matmul", "-p", "ROWS=64", "-p", "COLS=64", "--out", "OUT"],
                        "illegal parameter OUT_ROWS=64: out_acc would be 131072 bits, over the 65,536-bit limit; lower OUT_ROWS (OUT_ROWS=32 fits)")
    }

    func testUnwritableOutputFolder() throws {
        let blocker = NSTemporaryDirectory() + "kllm-cli-file-\(UUID().uuidString)"
        XCTAssertTrue(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        let (status, _, stderr) = try run(["generate", "counter", "--out", blocker + "/sub"])
        XCTAssertEqual(status, 1)
        XCTAssertTrue(stderr.hasPrefix("kllm-gen: error: cannot create output folder '\(blocker)/sub'"), stderr)
        XCTAssertEqual(stderr.filter { $0 == "\n" }.count, 1, "one line")
    }

    func testMalformedVectorFile() throws {
        let dir = NSTemporaryDirectory() + "kllm-cli-vec-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (status, _, _) = try run(["vectors", "kllm_lut_map", "--seed", "2", "--count", "50", "--out", dir])
        XCTAssertEqual(status, 0)
        let (ok, stdout, _) = try run(["check-vectors", "kllm_lut_map", "--dir", dir])
        XCTAssertEqual(ok, 0)
        XCTAssertEqual(stdout, "kllm_lut_map: 50 beats, 50 results consistent with the golden model\n")
        var lines = try String(contentsOfFile: "\(dir)/in.hex", encoding: .utf8).split(separator: "\n").map(String.init)
        lines[6] = "12z4"
        try (lines.joined(separator: "\n") + "\n").write(toFile: "\(dir)/in.hex", atomically: true, encoding: .utf8)
        try expectError(["check-vectors", "kllm_lut_map", "--dir", dir], "malformed vector file \(dir)/in.hex:7: 'z' is not a hex digit")
        lines[6] = "1ffffffffffffffff"
        try (lines.joined(separator: "\n") + "\n").write(toFile: "\(dir)/in.hex", atomically: true, encoding: .utf8)
        try expectError(["check-vectors", "kllm_lut_map", "--dir", dir], "malformed vector file \(dir)/in.hex:7: value '1ffffffffffffffff' is wider than 33 bits")
        try "3\n".write(toFile: "\(dir)/table.hex", atomically: true, encoding: .utf8)
        try expectError(["check-vectors", "kllm_lut_map", "--dir", dir], "malformed vector file \(dir)/table.hex: has 1 lines, count.hex says 16")
    }

    func testMalformedSafeTensors() throws {
        let path = NSTemporaryDirectory() + "kllm-cli-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data([9, 0, 0, 0, 0, 0, 0, 0, 123])))
        try expectError(["eval", "--safetensors", path], "malformed safetensors file \(path): header length 9 exceeds the file (9 bytes)")
    }

    func testEvalOnASafeTensorsWeight() throws {
        let path = NSTemporaryDirectory() + "kllm-cli-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A small F32 weight written by the test itself.
        var rng = SystemRandomNumberGenerator()
        let values = (0..<(16 * 48)).map { _ in Float.random(in: -0.2...0.2, using: &rng) }
        var header = #"{"layer.weight":{"dtype":"F32","shape":[16,48],"data_offsets":[0,\#(values.count * 4)]}}"#
        while header.utf8.count % 8 != 0 { header += " " }
        var d = Data()
        var n = UInt64(header.utf8.count).littleEndian
        d.append(Data(bytes: &n, count: 8))
        d.append(Data(header.utf8))
        for v in values { var b = v.bitPattern.littleEndian; d.append(Data(bytes: &b, count: 4)) }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: d))
        let (status, stdout, stderr) = try run(["eval", "--safetensors", path, "--tensor", "layer.weight", "--bits", "3"])
        XCTAssertEqual(status, 0, stderr)
        XCTAssertTrue(stdout.contains("K-Means W3A3 + top-4  3     layer.weight"), stdout)
        try expectError(["eval", "--safetensors", path, "--tensor", "nope"],
                        "malformed safetensors file \(path): no tensor 'nope'; tensors: layer.weight")
    }

    /// `layer` on a small decoder-style checkpoint the test writes: every row tile
    /// through the kllm_linear RTL, 0 mismatches against the bit-exact model.
    func testLayerRunsARealFormatCheckpointThroughTheRTL() throws {
        let path = NSTemporaryDirectory() + "kllm-cli-layer-\(UUID().uuidString).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var rng = SystemRandomNumberGenerator()
        func values(_ n: Int, _ scale: Float) -> [Float] { (0..<n).map { _ in Float.random(in: -scale...scale, using: &rng) } }
        let data = SafeTensorsFile.encode([
            ("model.embed_tokens.weight", [64, 16], values(64 * 16, 1)),
            ("model.layers.0.input_layernorm.weight", [16], values(16, 1)),
            ("model.layers.0.self_attn.q_proj.weight", [6, 16], values(6 * 16, 0.2)),
        ])
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: data))
        let (status, stdout, stderr) = try run(["layer", "--safetensors", path, "--tensor", "model.layers.0.self_attn.q_proj.weight",
                                                "--tokens", "5", "-p", "N=4", "-p", "LANES=4", "-p", "OUT_LANES=2"])
        XCTAssertEqual(status, 0, stderr)
        XCTAssertTrue(stdout.contains("RTL vs bit-exact model: 0 mismatches in 30 outputs"), stdout)
        XCTAssertTrue(stdout.contains("2 tiles of N=4 rows"), stdout)
        XCTAssertTrue(stdout.contains("+ fixed point (the RTL, bit-exact)"), stdout)
        try expectError(["layer", "--safetensors", path, "--tensor", "model.layers.0.self_attn.q_proj.weight", "-p", "K=8"],
                        "K is the tensor's in-features (16); do not set it")
        try expectError(["layer", "--safetensors", path, "--tensor", "model.layers.0.input_layernorm.weight"],
                        "'model.layers.0.input_layernorm.weight' is not a matrix")
    }
}

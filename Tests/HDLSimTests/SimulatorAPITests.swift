import HDL
import HDLExamples
import HDLCycleSim
import HDLSim
import HDLVerilog
import KLLMGen
import SimTesting
import XCTest

/// The simulation layer's own contract: errors, caching, tracing.
final class SimulatorAPITests: XCTestCase {
    /// The same errors, word for word, on either backend.
    func checkPortErrors(_ sim: any SimulationBackend, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try sim.poke("enable", 1), file: file, line: line) { e in
            XCTAssertEqual("\(e)", "'counter' has no port 'enable'; its ports: clk, rst, en, count", file: file, line: line)
        }
        XCTAssertThrowsError(try sim.poke("en", 2), file: file, line: line) { e in
            XCTAssertEqual("\(e)", "value 2 does not fit port 'en' of 1 bits", file: file, line: line)
        }
        XCTAssertThrowsError(try sim.poke("count", 1), file: file, line: line) { e in
            XCTAssertEqual(e as? SimError, .wrongDirection(port: "count", expected: .input), file: file, line: line)
        }
        XCTAssertThrowsError(try sim.poke("en", signed: -2), file: file, line: line) { e in
            XCTAssertEqual("\(e)", "value -2 does not fit port 'en' of 1 bits", file: file, line: line)
        }
    }

    func testUnknownPortAndOverWideValueAreClearErrors() throws {
        checkPortErrors(try Simulator(module: CounterGenerator(width: 4).build()))
        checkPortErrors(CycleSimulator(module: try CounterGenerator(width: 4).build()))
    }

    func testVerilatorMissingSaysHowToInstall() throws {
        let request = try ModelBuilder.Request(module: CounterGenerator(width: 4).build())
        XCTAssertThrowsError(try ModelBuilder(searchPath: "/nonexistent").build(request)) { e in
            XCTAssertEqual("\(e)", "verilator not found on PATH; install it with `apt-get update && apt-get install -y verilator` (or run `make deps`)")
        }
    }

    func testBuildFailureCarriesLogTail() throws {
        let bad = "module broken(input wire a, output wire y);\n  assign y = a +;\nendmodule\n"
        let request = ModelBuilder.Request(top: "broken", verilog: bad,
                                           ports: [SimPort("a", width: 1, direction: .input), SimPort("y", width: 1, direction: .output)])
        XCTAssertThrowsError(try ModelBuilder().build(request)) { e in
            guard case .buildFailed(let top, _, let tail) = e as? SimError else { return XCTFail("wrong error \(e)") }
            XCTAssertEqual(top, "broken")
            XCTAssertTrue(tail.contains("syntax error"), tail)
        }
    }

    func testCacheKeyCoversVerilogAndFlags() throws {
        let m = try CounterGenerator(width: 4).build()
        let builder = ModelBuilder()
        let plain = ModelBuilder.Request(module: m)
        var traced = plain
        traced.trace = true
        var edited = plain
        edited.verilog += "\n// edit\n"
        let k0 = builder.key(plain, verilatorVersion: "v")
        XCTAssertEqual(k0, builder.key(plain, verilatorVersion: "v"))
        XCTAssertNotEqual(k0, builder.key(traced, verilatorVersion: "v"))
        XCTAssertNotEqual(k0, builder.key(edited, verilatorVersion: "v"))
        XCTAssertNotEqual(k0, builder.key(plain, verilatorVersion: "w"))
        // A second build of the same request is a cache hit: same path, no rebuild.
        let p1 = try builder.build(plain)
        let t0 = Date()
        let p2 = try builder.build(plain)
        XCTAssertEqual(p1, p2)
        XCTAssertLessThan(Date().timeIntervalSince(t0), 5, "cache hit must not rebuild")
    }

    func testParallelBuildsOfOneDesignAgree() throws {
        let cache = NSTemporaryDirectory() + "kllm-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: cache) }
        let request = try ModelBuilder.Request(module: CounterGenerator(width: 5).build())
        let paths = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            paths.add(Result { try ModelBuilder(cacheRoot: cache).build(request) })
        }
        let results = try paths.all.map { try $0.get() }
        XCTAssertEqual(Set(results).count, 1)
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache + "/counter").filter { !$0.hasSuffix(".lock") }
        XCTAssertEqual(entries.count, 1, "one folder per key, no staging leftovers: \(entries)")
    }

    /// A port named after a Verilog keyword is `reg_` in the Verilog and `reg` to
    /// both simulators, so one test drives either backend by the same name.
    func testKeywordPortHasOneNameOnBothBackends() throws {
        let m = ModuleBuilder("keyword_ports")
        let r = m.input("reg", .uint(8))
        m.output("wire", .uint(8)).assign(r &+ 1)
        let def = try m.build()
        XCTAssertTrue(VerilogEmitter().emit(def).contains("assign wire_ = reg_ + 8'd1;"))
        for backend in SimBackend.allCases {
            let sim = try makeSimulator(def, backend: backend)
            try sim.poke("reg", 41)
            XCTAssertEqual(try sim.peek("wire"), 42, "\(backend)")
        }
    }

    /// Handles and a batch poke give the same results as poking by name, and
    /// refuse what the name path refuses.
    func testHandlesAndBatchPokesOnBothBackends() throws {
        let def = try SignedMACGenerator(aWidth: 8, bWidth: 8, accWidth: 24).build()
        for backend in SimBackend.allCases {
            let sim = try makeSimulator(def, backend: backend)
            try sim.reset()
            let ports = try ["in_valid", "in_clear", "a", "b"].map { try sim.handle($0) }
            let values: [UInt64] = [1, 1, 0xFD, 7]   // a = -3, b = 7
            try ports.withUnsafeBufferPointer { p in try values.withUnsafeBufferPointer { try sim.poke(p, $0) } }
            sim.step()
            XCTAssertEqual(try sim.peekSigned("acc"), -21, "\(backend)")
            XCTAssertEqual(sim.peek(try sim.handle("acc")), UInt64(bitPattern: -21) & 0xFFFFFF, "\(backend)")
            XCTAssertThrowsError(try sim.poke(ports[2], 0x100)) { e in
                XCTAssertEqual("\(e)", "value 256 does not fit port 'a' of 8 bits")
            }
            XCTAssertThrowsError(try sim.poke(try sim.handle("acc"), 1)) { e in XCTAssertEqual("\(e)", "port 'acc' is not an input") }
        }
    }

    func testVCDTraceOnDemand() throws {
        let sim = try Simulator(module: CounterGenerator(width: 4).build(), trace: true)
        let path = NSTemporaryDirectory() + "kllm-counter-\(UUID().uuidString).vcd"
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertTrue(try sim.openTrace(path))
        try sim.poke("en", 1)
        try sim.reset()
        sim.step(5)
        sim.expect("count", 5)
        sim.closeTrace()
        let vcd = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(vcd.contains("$var"), "VCD header")
        XCTAssertTrue(vcd.contains("value"), "internal register visible in the waveform")
    }
}

/// Thread-safe collector for concurrent results.
final class ResultBox: @unchecked Sendable {
    private var items: [Result<String, Error>] = []
    private let lock = NSLock()
    func add(_ r: Result<String, Error>) { lock.lock(); items.append(r); lock.unlock() }
    var all: [Result<String, Error>] { lock.lock(); defer { lock.unlock() }; return items }
}

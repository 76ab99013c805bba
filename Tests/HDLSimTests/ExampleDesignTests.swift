import BitVector
import HDL
import HDLExamples
import HDLCycleSim
import HDLSim
import KLLMGen
import Randomness
import SimTesting
import XCTest

/// The example designs built by Verilator and compared cycle by cycle with
/// Swift models on seeded random inputs.
final class ExampleDesignTests: XCTestCase {
    override func setUp() { continueAfterFailure = false }

    /// Every example runs on both backends.
    func both(_ body: (SimBackend) throws -> Void) throws {
        for b in SimBackend.allCases { try body(b) }
    }

    func testCounterWithEnable() throws { try both(counterWithEnable) }
    func testSignedMultiplyAccumulate() throws { try both(signedMultiplyAccumulate) }
    func testFIFOFromMemory() throws { try both(fifoFromMemory) }
    func testWideAdder256() throws { try both(wideAdder256) }

    func counterWithEnable(_ backend: SimBackend) throws {
        for width in [1, 4, 8, 33] {
            let seed = SeededRandom.testSeed(0xC0_0000 + UInt64(width))
            var rng = SeededRandom(seed: seed)
            let sim = try makeSimulator(CounterGenerator(width: width).build(), backend: backend)
            try sim.poke("en", 0)
            try sim.reset()
            var model: UInt64 = 0
            for cycle in 0..<3000 {
                let en = rng.next() & 3 != 0
                try sim.poke("en", en ? 1 : 0)
                sim.step()
                if en { model = BitVector.wrapUnsigned(model &+ 1, width: width) }
                sim.expect("count", model, "WIDTH=\(width) cycle \(cycle) seed \(seed) on \(backend)")
            }
        }
    }

    func signedMultiplyAccumulate(_ backend: SimBackend) throws {
        for (aw, bw, accw) in [(8, 8, 24), (5, 3, 8), (16, 16, 40), (1, 1, 2)] {
            let seed = SeededRandom.testSeed(0x3AC + UInt64(aw * 100 + accw))
            var rng = SeededRandom(seed: seed)
            let sim = try makeSimulator(SignedMACGenerator(aWidth: aw, bWidth: bw, accWidth: accw).build(), backend: backend)
            try sim.reset()
            var acc: Int64 = 0
            for cycle in 0..<5000 {
                let valid = rng.next() % 4 != 0
                let clear = rng.next() % 16 == 0
                // Signed extremes now and then.
                let a = rng.next() % 8 == 0 ? BitVector.signedRange(aw).lowerBound : rng.signed(width: aw)
                let b = rng.next() % 8 == 0 ? BitVector.signedRange(bw).lowerBound : rng.signed(width: bw)
                try sim.poke("in_valid", valid ? 1 : 0)
                try sim.poke("in_clear", clear ? 1 : 0)
                try sim.poke("a", signed: a)
                try sim.poke("b", signed: b)
                sim.step()
                if valid { acc = BitVector.wrapSigned((clear ? 0 : acc) &+ a &* b, width: accw) }
                sim.expect("acc", signed: acc, "A_W=\(aw) B_W=\(bw) ACC_W=\(accw) cycle \(cycle) seed \(seed) on \(backend)")
            }
        }
    }

    func fifoFromMemory(_ backend: SimBackend) throws {
        for (width, depth) in [(16, 8), (3, 2), (70, 16)] {
            let seed = SeededRandom.testSeed(0xF1F0 + UInt64(width))
            var rng = SeededRandom(seed: seed)
            let sim = try makeSimulator(FIFOGenerator(width: width, depth: depth).build(), backend: backend)
            try sim.reset()
            var queue: [[UInt64]] = []
            let words = (width + 63) / 64
            for cycle in 0..<5000 {
                let push = rng.next() % 3 != 0
                let pop = rng.next() % 3 != 0
                var data = (0..<words).map { _ in rng.next() }
                if width % 64 != 0 { data[words - 1] &= (UInt64(1) << UInt64(width % 64)) - 1 }
                try sim.poke("push", push ? 1 : 0)
                try sim.poke("pop", pop ? 1 : 0)
                try sim.poke("in_data", words: data)
                let ctx = "WIDTH=\(width) DEPTH=\(depth) cycle \(cycle) seed \(seed)"
                sim.expect("empty", queue.isEmpty ? 1 : 0, ctx)
                sim.expect("full", queue.count == depth ? 1 : 0, ctx)
                sim.expect("count", UInt64(queue.count), ctx)
                if let head = queue.first { sim.expect("out_data", words: head, ctx) }
                let doPop = pop && !queue.isEmpty
                let doPush = push && queue.count < depth
                if doPop { queue.removeFirst() }
                if doPush { queue.append(data) }
                sim.step()
            }
        }
    }

    func wideAdder256(_ backend: SimBackend) throws {
        let seed = SeededRandom.testSeed(0x256)
        var rng = SeededRandom(seed: seed)
        let sim = try makeSimulator(WideAdderGenerator(width: 256).build(), backend: backend)
        XCTAssertEqual(try sim.port("sum").width, 257)
        for i in 0..<3000 {
            var a = (0..<4).map { _ in rng.next() }
            var b = (0..<4).map { _ in rng.next() }
            if i % 10 == 0 { a = Array(repeating: ~0, count: 4); b[0] = UInt64(i) }  // carry across all words
            if i % 10 == 1 { a = [0, 0, 0, 0]; b = [0, 0, 0, 0] }
            try sim.poke("a", words: a)
            try sim.poke("b", words: b)
            var sum: [UInt64] = []
            var carry: UInt64 = 0
            for k in 0..<4 {
                let (s1, o1) = a[k].addingReportingOverflow(b[k])
                let (s2, o2) = s1.addingReportingOverflow(carry)
                sum.append(s2)
                carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
            }
            sum.append(carry)
            sim.expect("sum", words: sum, "vector \(i) seed \(seed) on \(backend)")
        }
    }
}

import BitVector
import HDLSim
import KLLMGolden
import Randomness
import SimTesting
import XCTest

/// Packs elements into a flattened SPEC bus: element i at bits [(i+1)W-1 : iW].
func pack(_ values: [Int64], width: Int) -> [UInt64] {
    let total = values.count * width
    var words = [UInt64](repeating: 0, count: max(1, (total + 63) / 64))
    for (i, v) in values.enumerated() {
        let bits = BitVector.wrapUnsigned(UInt64(bitPattern: v), width: width)
        for b in 0..<width where (bits >> UInt64(b)) & 1 == 1 {
            let pos = i * width + b
            words[pos / 64] |= UInt64(1) << UInt64(pos % 64)
        }
    }
    return words
}

/// Packs unsigned elements (indices, positions).
func pack(_ values: [Int], width: Int) -> [UInt64] { pack(values.map(Int64.init), width: width) }

/// Output beats expected at given cycles, checked every cycle: `out_valid` must be
/// 1 exactly in those cycles and the data must match.
final class OutputSchedule {
    struct Beat {
        var ports: [(name: String, words: [UInt64])]
        var note: String
    }
    private var due: [Int: Beat] = [:]
    private(set) var checked = 0

    var isEmpty: Bool { due.isEmpty }

    /// Results a reset dropped before they came out.
    private(set) var dropped = 0

    /// Forgets every pending result (a reset drops results in flight), counting them.
    func clear() {
        dropped += due.count
        due.removeAll()
    }

    func expect(at cycle: Int, _ beat: Beat, file: StaticString = #filePath, line: UInt = #line) {
        if due[cycle] != nil { XCTFail("test bug: two output beats expected in cycle \(cycle)", file: file, line: line) }
        due[cycle] = beat
    }

    /// Compares the simulator's outputs with what is due at `cycle`; returns false on mismatch.
    @discardableResult
    func check(_ sim: any SimulationBackend, cycle: Int, context: String, file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        let valid = try sim.peek("out_valid")
        guard let beat = due.removeValue(forKey: cycle) else {
            if valid != 0 {
                XCTFail("cycle \(cycle): unexpected out_valid — \(context)", file: file, line: line)
                return false
            }
            return true
        }
        guard valid == 1 else {
            XCTFail("cycle \(cycle): out_valid is 0, expected a result (\(beat.note)) — \(context)", file: file, line: line)
            return false
        }
        for (name, words) in beat.ports {
            let got = try sim.peekWords(name)
            if got != words {
                XCTFail("cycle \(cycle): \(name) = \(hex(got)), expected \(hex(words)) (\(beat.note)) — \(context)", file: file, line: line)
                return false
            }
        }
        checked += 1
        return true
    }

    /// Idles the inputs for a few cycles, checking the last results come out.
    func drain(_ sim: any SimulationBackend, from start: Int, cycles: Int = 4, context: String,
               file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        try sim.poke("in_valid", 0)
        for c in start..<(start + cycles) {
            guard try check(sim, cycle: c, context: context, file: file, line: line) else { return false }
            sim.step()
        }
        return true
    }

    private func hex(_ w: [UInt64]) -> String {
        "0x" + w.reversed().map { let s = String($0, radix: 16); return String(repeating: "0", count: 16 - s.count) + s }.joined()
    }
}

extension SeededRandom {
    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    /// Uniform in `0..<n`.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// A signed `width`-bit value, extreme a quarter of the time.
    mutating func signedWithExtremes(width: Int) -> Int64 {
        let r = BitVector.signedRange(width)
        switch below(8) {
        case 0: return r.lowerBound
        case 1: return r.upperBound
        default: return signed(width: width)
        }
    }
}

/// Thrown after a reported mismatch to end a run (the failure is already recorded).
struct StopAfterFailure: Error {}

/// Holds `rst` for one or two cycles in the middle of a stream: the SPEC says this
/// drops any open vector and any result in flight. While `rst` is high, `in_valid`
/// is random (a reset ignores its inputs; a valid flop whose reset is missing would
/// pick it up). The reset cycles are not checked (a result already at the output
/// may still show); every pending expectation is dropped. Returns the cycles spent.
func injectReset(_ sim: any SimulationBackend, _ out: OutputSchedule, _ rng: inout SeededRandom) throws -> Int {
    try sim.poke("rst", 1)
    let n = 1 + rng.below(2)
    for _ in 0..<n {
        try sim.poke("in_valid", rng.chance(0.5) ? 1 : 0)
        sim.step()
    }
    try sim.poke("in_valid", 0)
    try sim.poke("rst", 0)
    out.clear()
    return n
}

/// Drives a ROWS x COLS array with the index MatMul's stream — dot products of 1 to 6
/// beats and now and then `long` beats, input gaps with random `in_first`/`in_last`,
/// resets in the middle — and checks every output beat `latency` cycles after the
/// last beat is taken (OUT_ROWS rows per beat, `out_row` when there is more than
/// one beat). `drive` pokes one cycle's data ports and returns what it poked;
/// `expected` turns a dot product's beats into the rows of `out_acc`, packed per
/// row. Shared by the MAC-array and FP16 baselines' tests.
func runArrayStream<Beat>(_ sim: any SimulationBackend, _ rng: inout SeededRandom, beats: Int, long: ClosedRange<Int>,
                          latency: Int, rows: Int, outRows: Int, context: String,
                          drive: (inout SeededRandom) throws -> Beat,
                          expected: ([Beat]) -> [[Int64]], width: Int) throws {
    let groups = rows / outRows
    let out = OutputSchedule()
    var cycle = 0, sent = 0, results = 0
    while sent < beats {
        let k = rng.chance(0.05) ? long.lowerBound + rng.below(long.count) : 1 + rng.below(6)
        var taken: [Beat] = []
        while taken.count < k {
            if rng.chance(0.002) { cycle += try injectReset(sim, out, &rng); break }
            let present = rng.chance(0.75)
            let beat = try drive(&rng)
            try sim.poke("in_valid", present ? 1 : 0)
            try sim.poke("in_first", present ? (taken.isEmpty ? 1 : 0) : UInt64(rng.below(2)))
            try sim.poke("in_last", present ? (taken.count == k - 1 ? 1 : 0) : UInt64(rng.below(2)))
            let ready = try sim.peek("in_ready") == 1
            guard try out.check(sim, cycle: cycle, context: context) else { return }
            sim.step()
            if present && ready {
                taken.append(beat)
                sent += 1
                if taken.count == k {
                    let res = expected(taken)
                    for g in 0..<groups {
                        var ports: [(name: String, words: [UInt64])] = [("out_acc", pack(res[(g * outRows)..<((g + 1) * outRows)].flatMap { $0 }, width: width))]
                        if groups > 1 { ports.append(("out_row", [UInt64(g * outRows)])) }
                        out.expect(at: cycle + latency + g, .init(ports: ports, note: "result \(results)"))
                    }
                    results += 1
                }
            }
            cycle += 1
        }
    }
    try sim.poke("in_valid", 0)
    for _ in 0..<(groups + 4) {
        guard try out.check(sim, cycle: cycle, context: context) else { return }
        sim.step(); cycle += 1
    }
    XCTAssertEqual(out.checked + out.dropped, results * groups, context)
}

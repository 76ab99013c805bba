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

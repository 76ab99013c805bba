import HDL

/// Batcher's odd-even merge networks: lists of compare-swap stages. After a
/// stage `(i, j)` with `i < j`, position `i` holds the element that ranks first.
enum SortingNetwork {
    /// Stages sorting `n` (a power of two) elements.
    static func sort(_ n: Int) -> [[(Int, Int)]] {
        precondition(n >= 1 && n & (n - 1) == 0, "n must be a power of two")
        var stages: [[(Int, Int)]] = []
        var p = 1
        while p < n {
            stages += mergeStages(n, p)
            p *= 2
        }
        return stages
    }

    /// Stages merging sorted runs of length `p` into runs of length `2p` (n a power of two).
    static func mergeStages(_ n: Int, _ p: Int) -> [[(Int, Int)]] {
        var stages: [[(Int, Int)]] = []
        var k = p
        while k >= 1 {
            var stage: [(Int, Int)] = []
            var j = k % p
            while j <= n - 1 - k {
                for i in 0...min(k - 1, n - j - k - 1) where (i + j) / (2 * p) == (i + j + k) / (2 * p) {
                    stage.append((i + j, i + j + k))
                }
                j += 2 * k
            }
            if !stage.isEmpty { stages.append(stage) }
            k /= 2
        }
        return stages
    }

    /// The stages with only the comparators that can affect `outputs`.
    static func pruned(_ stages: [[(Int, Int)]], width n: Int, outputs: Set<Int>) -> [[(Int, Int)]] {
        var live = Array(repeating: false, count: n)
        for o in outputs { live[o] = true }
        var kept: [[(Int, Int)]] = []
        for stage in stages.reversed() {
            var s: [(Int, Int)] = []
            for (i, j) in stage where live[i] || live[j] {
                s.append((i, j))
                live[i] = true
                live[j] = true
            }
            kept.append(s)
        }
        return kept.reversed().filter { !$0.isEmpty }
    }
}

/// One candidate of the Orizuru top-k search: whether it holds an element, its
/// value and its position in the vector.
struct RankedEntry {
    var valid: HBool
    var value: HSInt
    var position: HUInt
}

extension ModuleBuilder {
    /// Runs a compare-swap network over `entries`; `first(a, b)` is 1 when `a`
    /// must come before `b`. Each comparator's decision and each of its outputs is
    /// a named wire (`<name>_s<stage>_swap_<i>_<j>`, `<name>_s<stage>_<i>_val`, ...),
    /// so the network reads in the Verilog and shows in waveforms.
    func compareSwap(_ name: String, _ entries: [RankedEntry], stages: [[(Int, Int)]], outputs: Set<Int>,
                     first: (RankedEntry, RankedEntry) -> HBool) -> [RankedEntry] {
        // live[s][k]: position k is read after stage s (by a later comparator or as an output).
        var live = Array(repeating: Array(repeating: false, count: entries.count), count: stages.count + 1)
        for k in outputs { live[stages.count][k] = true }
        for s in stride(from: stages.count - 1, through: 0, by: -1) {
            live[s] = live[s + 1]
            for (i, j) in stages[s] where live[s + 1][i] || live[s + 1][j] { live[s][i] = true; live[s][j] = true }
        }
        var e = entries
        for (s, stage) in stages.enumerated() {
            for (i, j) in stage where live[s + 1][i] || live[s + 1][j] {
                let swap = node("\(name)_s\(s)_swap_\(i)_\(j)", first(e[j], e[i]))
                let a = e[i], b = e[j]
                func pick(_ k: Int, _ x: RankedEntry, _ y: RankedEntry) -> RankedEntry {
                    RankedEntry(valid: node("\(name)_s\(s)_\(k)_valid", mux(swap, x.valid, y.valid)),
                                value: node("\(name)_s\(s)_\(k)_val", mux(swap, x.value, y.value)),
                                position: node("\(name)_s\(s)_\(k)_pos", mux(swap, x.position, y.position)))
                }
                if live[s + 1][i] { e[i] = pick(i, b, a) }
                if live[s + 1][j] { e[j] = pick(j, a, b) }
            }
        }
        return e
    }
}

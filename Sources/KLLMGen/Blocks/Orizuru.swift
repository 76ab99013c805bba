import HDL
import HDLGen

/// SPEC §3 `kllm_orizuru`: the TOPK largest and TOPK smallest elements of each
/// vector with their positions, one full beat per cycle.
///
/// Micro-architecture (two stages, latency L = 2; the tournament may spread its
/// extractions over STAGES clock stages and rank may register its rank lines,
/// L = 1 + STAGES):
/// 1. The beat's first min(TOPK, LANES) elements in "largest first" order and in
///    "smallest first" order are found and registered, by one of two circuits:
///    - `batcher`: the LANES elements (padded with empty entries to a power of
///      two) run through a Batcher odd-even merge network of compare-swap stages,
///      pruned to the outputs kept, once per order;
///    - `tournament` (the paper's Orizuru): a max tree and a min tree that share
///      their leaf comparisons (one subtractor per lane pair decides both), and
///      each further winner by knocking the last one out and replaying only its
///      path to the root (one comparator per level, its sibling subtrees' winners
///      unchanged); ties go to the left subtree, so equal values keep lane order
///      without comparing positions (`OrizuruTournament.swift`). With STAGES > 1
///      the k extractions are pipelined: both trees and the beat are registered
///      between groups of rounds, so the clock period holds about k / STAGES
///      replays instead of k (one beat per cycle still);
///    - `rank`: every lane pair compared at once, each lane's rank a popcount of
///      its comparisons, each kept slot an AND-OR over the lanes of that rank
///      (`OrizuruRank.swift`): a few logic levels deep, LANES·(LANES-1) comparators;
///      STAGES = 2 registers the rank lines before the selects (L = 3).
/// 2. A Batcher merge network (ARCH=rank: a rank-and-select merge, one comparator
///    and an AND-OR deep; with STAGES = 3 the beat waits one more register while
///    its comparisons with the running list are made, so the loop through the
///    running list is an AND-OR deep, L = 4; STAGES = 4 makes them two beats ahead,
///    so no comparator follows a register the loop writes, L = 5; STAGES = 5 also
///    registers stage 1's comparisons before its popcounts, L = 6) combines them with the running top-k lists; on the
///    beat with `in_last` the merged lists go to the outputs and the running lists
///    restart empty, so vectors may follow each other with no gap.
/// Order: larger (smaller) value first; equal values: lower position first.
/// Empty slots read position 2^POS_W - 1, value 0.
public struct OrizuruGenerator {
    /// The circuit of stage 1.
    public enum Architecture: String, CaseIterable, Sendable {
        case batcher
        case tournament
        case rank
    }

    public let lanes: Int
    public let dataWidth: Int
    public let topK: Int
    public let positionWidth: Int
    public let architecture: Architecture
    /// Clock stages of stage 1 (the tournament's extraction pipeline; 1 for Batcher).
    public let stages: Int

    /// The resolved parameters (each checked against its `OrizuruSpec` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `OrizuruSpec` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(lanes: Int? = nil, dataWidth: Int? = nil, topK: Int? = nil, positionWidth: Int? = nil,
                architecture: Architecture? = nil, stages: Int? = nil) throws {
        try self.init(OrizuruSpec.block.resolve([
            (OrizuruSpec.lanes, lanes),
            (OrizuruSpec.dataWidth, dataWidth),
            (OrizuruSpec.topK, topK),
            (OrizuruSpec.positionWidth, positionWidth),
            (OrizuruSpec.architecture, ParameterSpec.choiceIndex(architecture)),
            (OrizuruSpec.stages, stages)
        ]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(OrizuruSpec.block)
        let lanes = values[OrizuruSpec.lanes]
        let dataWidth = values[OrizuruSpec.dataWidth]
        let topK = values[OrizuruSpec.topK]
        let positionWidth = values[OrizuruSpec.positionWidth]
        let architecture = values.choice(OrizuruSpec.architecture, as: Architecture.self)
        let stages = values[OrizuruSpec.stages]
        self.values = values
        guard architecture != .batcher || stages == 1 else {
            throw ParameterError(parameter: "STAGES", value: stages, reason: "ARCH=batcher is not pipelined; it takes STAGES = 1")
        }
        guard architecture != .rank || stages <= 5 else {
            throw ParameterError(parameter: "STAGES", value: stages,
                                 reason: "ARCH=rank has at most 5 stages (ranks, selects, the merge's comparisons 1 then 2 beats ahead, comparisons before the ranks)")
        }
        guard architecture != .tournament || stages <= min(topK, lanes) else {
            throw ParameterError(parameter: "STAGES", value: stages,
                                 reason: "the tournament extracts min(TOPK, LANES) = \(min(topK, lanes)) winners per beat, so it has at most that many stages")
        }
        let capacity = positionWidth >= 62 ? Int.max : (1 << positionWidth) - 1
        guard topK <= capacity else {
            throw ParameterError(parameter: "TOPK", value: topK,
                                 reason: "a vector holds at most 2^POS_W - 1 = \(capacity) elements, fewer than TOPK")
        }
        guard lanes <= capacity else {
            throw ParameterError(parameter: "LANES", value: lanes,
                                 reason: "one beat already exceeds the 2^POS_W - 1 = \(capacity) elements a vector may hold")
        }
        self.lanes = lanes
        self.dataWidth = dataWidth
        self.topK = topK
        self.positionWidth = positionWidth
        self.architecture = architecture
        self.stages = stages
    }

    /// Cycles from the edge that accepts a vector's last beat to its `out_valid`.
    public var latency: Int { 1 + stages }

    static func nextPowerOfTwo(_ n: Int) -> Int { var p = 1; while p < n { p *= 2 }; return p }

    /// The ports in SPEC order: `in_valid`, `in_last`, `in_data`, then `out_valid` and
    /// the ranked lists `out_max_val`, `out_max_pos`, `out_min_val`, `out_min_pos`.
    public struct Ports {
        public let inValid: HBool, inLast: HBool, inData: HUInt
        public let outValid: HBool, outMaxVal: HUInt, outMaxPos: HUInt, outMinVal: HUInt, outMinPos: HUInt
    }

    /// Declares (or binds) the ports: one declaration for the block, its parents and simulators.
    public func ports(_ p: PortMaker) -> Ports {
        Ports(inValid: p.input("in_valid", .bool), inLast: p.input("in_last", .bool), inData: p.input("in_data", .uint(lanes * dataWidth)),
              outValid: p.output("out_valid", .bool),
              outMaxVal: p.output("out_max_val", .uint(topK * dataWidth)), outMaxPos: p.output("out_max_pos", .uint(topK * positionWidth)),
              outMinVal: p.output("out_min_val", .uint(topK * dataWidth)), outMinPos: p.output("out_min_pos", .uint(topK * positionWidth)))
    }

    public func build() throws -> ModuleDef { try component().def }

    /// The elaborated block with its typed ports.
    public func component() throws -> TypedModule<Ports> {
        let m = ModuleBuilder("kllm_orizuru")
        m.record(values)
        m.annotate(.latency(latency))
        m.doc = "Orizuru outlier engine: top-k largest and smallest with positions, comparator networks (SPEC 3)"
        let io = m.ports(ports)
        let (inValid, inLast, inData, outValid) = (io.inValid, io.inLast, io.inData, io.outValid)
        let (outMaxVal, outMaxPos, outMinVal, outMinPos) = (io.outMaxVal, io.outMaxPos, io.outMinVal, io.outMinPos)

        let pw = positionWidth, dw = dataWidth
        // Position of lane 0 of the current beat.
        let base = m.reg("beat_base", .uint(pw), reset: 0)
        m.when(inValid) {
            base.assign(mux(inLast, HUInt(0, width: pw), base &+ lanes))
            m.assume((base + lanes) .< (1 << pw), "a vector has at most 2^POS_W - 1 elements (SPEC 3)")
        }
        // Positions count the vector's elements from 0 (a reference counter from reset).
        let position = m.propertyReg("ref_position", .uint(pw), reset: 0)
        m.when(inValid) { position.assign(mux(inLast, HUInt(0, width: pw), position &+ lanes)) }
        m.assert(base .== position, "beat_base is the position of the beat's first element")
        let x = inData.splitSigned(lanes).enumerated().map { m.node("x_\($0.offset)", $0.element) }
        let empty = RankedEntry(valid: HBool(false), value: HSInt(0, width: dw), position: HUInt(0, width: pw))
        let keep = min(topK, lanes)
        let largerFirst: (RankedEntry, RankedEntry) -> HBool = { a, b in
            a.valid & (!b.valid | (a.value .> b.value) | ((a.value .== b.value) & (a.position .< b.position)))
        }
        let smallerFirst: (RankedEntry, RankedEntry) -> HBool = { a, b in
            a.valid & (!b.valid | (a.value .< b.value) | ((a.value .== b.value) & (a.position .< b.position)))
        }

        // Stage 1: the beat's first `keep` both ways, registered.
        let sorted: (max: [RankedEntry], min: [RankedEntry], valid: HBool, last: HBool)
        switch architecture {
        case .batcher:
            let n = Self.nextPowerOfTwo(lanes)
            let beat = (0..<n).map { i -> RankedEntry in
                i < lanes ? RankedEntry(valid: HBool(true), value: x[i], position: m.node("pos_\(i)", base &+ i)) : empty
            }
            let sortStages = SortingNetwork.pruned(SortingNetwork.sort(n), width: n, outputs: Set(0..<keep))
            sorted = (m.compareSwap("max_sort", beat, stages: sortStages, outputs: Set(0..<keep), first: largerFirst),
                      m.compareSwap("min_sort", beat, stages: sortStages, outputs: Set(0..<keep), first: smallerFirst), inValid, inLast)
        case .tournament:
            sorted = tournament(m, x, base: base, valid: inValid, last: inLast, keep: keep)
        case .rank:
            sorted = rankSort(m, x, base: base, valid: inValid, last: inLast, keep: keep)
        }
        let s1Valid = m.delayed("s1_valid", sorted.valid, reset: 0)
        let s1Last = m.reg("s1_last", .bool, enable: sorted.valid)
        s1Last.assign(sorted.last)
        // The look-ahead merge (ARCH=rank, STAGES 3 and 4) compares the running lists with
        // the beats 1 or 2 ahead of the one it merges: this register then holds the
        // farthest of them (`*_next_*`, `*_later_*`), and plain delays follow to the
        // beat merged (`*_beat_*`).
        let lookAhead = architecture == .rank ? Swift.min(2, Swift.max(0, stages - 2)) : 0
        let distanceNames = ["beat", "next", "later"]
        /// The list's first `keep` entries registered as `<order>_<name>_<i>_*`.
        func delayed(_ order: String, _ name: String, _ list: [RankedEntry], enable: HBool? = nil) -> [RankedEntry] {
            list.prefix(keep).enumerated().map { i, e in
                RankedEntry(valid: m.delayed("\(order)_\(name)_\(i)_valid", e.valid, enable: enable),
                            value: m.delayed("\(order)_\(name)_\(i)_val", e.value, enable: enable),
                            position: m.delayed("\(order)_\(name)_\(i)_pos", e.position, enable: enable))
            }
        }
        // beats[d]: the lists d beats ahead of the one merged (beats[0]); stage 1's register
        // (loaded only by a beat) holds the farthest.
        let farthest = distanceNames[lookAhead]
        var beats = [(max: delayed("max", farthest, sorted.max, enable: sorted.valid), min: delayed("min", farthest, sorted.min, enable: sorted.valid),
                      valid: s1Valid, last: s1Last)]
        for distance in stride(from: lookAhead - 1, through: 0, by: -1) {
            let stage = lookAhead - distance + 1
            let ahead = beats[0]
            beats.insert((max: delayed("max", distanceNames[distance], ahead.max), min: delayed("min", distanceNames[distance], ahead.min),
                          valid: m.delayed("s\(stage)_valid", ahead.valid, reset: 0), last: m.delayed("s\(stage)_last", ahead.last)), at: 0)
        }
        let (mergeValid, mergeLast) = (beats[0].valid, beats[0].last)
        let maxBeat = beats[0].max, minBeat = beats[0].min

        // Stage 2: merge with the running lists.
        /// The Batcher merge of the running list with the beat's (both padded to a power of two).
        func batcherMerge(_ order: String, _ running: [RankedEntry], _ incoming: [RankedEntry],
                          _ first: (RankedEntry, RankedEntry) -> HBool) -> [RankedEntry] {
            let half = Self.nextPowerOfTwo(topK)
            let mergeStages = SortingNetwork.pruned(SortingNetwork.mergeStages(2 * half, half), width: 2 * half, outputs: Set(0..<topK))
            let lhs = running + Array(repeating: empty, count: half - topK)
            let rhs = incoming + Array(repeating: empty, count: half - incoming.count)
            return m.compareSwap("\(order)_merge", lhs + rhs, stages: mergeStages, outputs: Set(0..<topK), first: first)
        }
        func stage2(_ order: String, _ incoming: [RankedEntry], ahead: [[RankedEntry]], _ first: (RankedEntry, RankedEntry) -> HBool) -> [RankedEntry] {
            let runValid = m.regs("\(order)_run_valid", count: topK, .bool, reset: 0)
            let runVal = m.regs("\(order)_run_val", count: topK, .sint(dw))
            let runPos = m.regs("\(order)_run_pos", count: topK, .uint(pw))
            let running = (0..<topK).map { RankedEntry(valid: runValid[$0], value: runVal[$0], position: runPos[$0]) }
            let merged = lookAhead > 0
                ? lookAheadMerge(m, order, running: running, incoming: incoming, ahead: ahead, merging: mergeValid, larger: order == "max")
                : architecture == .rank
                ? rankMerge(m, order, running: running, incoming: incoming, larger: order == "max")
                : batcherMerge(order, running, incoming, first)
            // What the merge relies on: both lists ranked, the running list from earlier positions.
            for i in 0..<(topK - 1) {
                m.assert(!running[i + 1].valid | first(running[i], running[i + 1]), "the \(order) running list is ranked at \(i)")
            }
            m.when(mergeValid) {
                for i in 0..<(incoming.count - 1) {
                    m.assert(!incoming[i + 1].valid | first(incoming[i], incoming[i + 1]), "the \(order) beat list is ranked at \(i)")
                }
                for r in running {
                    for b in incoming {
                        m.assert(!(r.valid & b.valid) | (r.position .< b.position), "\(order) running entries precede the beat's positions")
                    }
                }
            }
            m.when(mergeValid) {
                for i in 0..<topK {
                    runValid[i].assign(merged[i].valid & !mergeLast)
                    runVal[i].assign(merged[i].value)
                    runPos[i].assign(merged[i].position)
                }
            }
            return Array(merged.prefix(topK))
        }
        let maxMerged = stage2("max", maxBeat, ahead: beats.dropFirst().map(\.max), largerFirst)
        let minMerged = stage2("min", minBeat, ahead: beats.dropFirst().map(\.min), smallerFirst)

        let finish = m.node("finish", mergeValid & mergeLast)
        outValid.assign(m.delayed("valid_q", finish, reset: 0))
        let emptyPos = HUInt(words: [UInt64.max], width: pw)
        func outputs(_ order: String, _ list: [RankedEntry], _ valPort: HUInt, _ posPort: HUInt) {
            let vals = (0..<topK).map { i in
                m.delayed("\(order)_out_val_\(i)", mux(list[i].valid, list[i].value, HSInt(0, width: dw)), enable: finish)
            }
            let poss = (0..<topK).map { i in
                m.delayed("\(order)_out_pos_\(i)", mux(list[i].valid, list[i].position, emptyPos), enable: finish)
            }
            valPort.assign(Vec(vals.map(\.asUInt)).flattened())
            posPort.assign(Vec(poss).flattened())
        }
        outputs("max", maxMerged, outMaxVal, outMaxPos)
        outputs("min", minMerged, outMinVal, outMinPos)
        Contract.latency(m, accepted: inValid & inLast, outValid: outValid, latency: latency)
        statesRanking(m, outValid: outValid, values: outMaxVal.splitSigned(topK).elements, positions: outMaxPos.split(topK).elements, larger: true)
        statesRanking(m, outValid: outValid, values: outMinVal.splitSigned(topK).elements, positions: outMinPos.split(topK).elements, larger: false)
        return try m.build(ports: ports)
    }

    /// Properties of a result list: its found entries come first, each ranked strictly
    /// before the next (value first, then the lower position on a tie).
    private func statesRanking(_ m: ModuleBuilder, outValid: HBool, values: [HSInt], positions: [HUInt], larger: Bool) {
        let order = larger ? "max" : "min"
        let empty = HUInt(words: [UInt64.max], width: positionWidth)
        m.when(outValid) {
            for i in 0..<(topK - 1) {
                let nextFound = positions[i + 1] .!= empty
                let ahead = larger ? values[i] .> values[i + 1] : values[i] .< values[i + 1]
                let tie = (values[i] .== values[i + 1]) & (positions[i] .< positions[i + 1])
                m.assert(!nextFound | ((positions[i] .!= empty) & (ahead | tie)),
                         "out_\(order) entry \(i) is found and ranked before entry \(i + 1)")
            }
        }
    }
}

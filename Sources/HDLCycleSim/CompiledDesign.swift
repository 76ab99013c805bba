import BitVector
import HDL

/// The flattened, compiled form of a design: a word buffer holding every signal,
/// constant and intermediate value, closures for combinational evaluation in
/// dependency order, and closures for the clock edge.
final class CompiledDesign {
    typealias P = UnsafeMutablePointer<UInt64>
    typealias Step = () -> Void

    private(set) var buffer: P
    private var size = 0
    private var capacity = 1024
    private var comb: [Step] = []
    private var edge: [Step] = []
    private var commit: [Step] = []
    /// Steps are built only once the buffer has its final size, so each closure
    /// captures the buffer's address directly.
    private var pendingComb: [() -> Step] = []
    private var pendingEdge: [() -> Step] = []
    private var pendingCommit: [() -> Step] = []
    /// Buffer offset and word count of each top port, in port order.
    private var portSlots: [(offset: Int, words: Int)] = []
    var memories: [UnsafeMutablePointer<UInt64>] = []
    var scratch: [UnsafeMutablePointer<UInt64>] = []

    /// One instance of a module in the flattened design.
    final class Instance {
        let lowered: LoweredModule
        var slots: [ObjectIdentifier: Int] = [:]   // signal -> offset
        var nodeSlots: [ObjectIdentifier: Int] = [:]
        var memSlots: [ObjectIdentifier: Int] = [:]  // memory -> index in `memories`
        var state: [ObjectIdentifier: Int] = [:]  // comb signal compile state: 1 in progress, 2 done
        init(_ m: ModuleDef) { lowered = LoweredModule(m) }
    }
    private var instances: [Instance] = []

    init(top: ModuleDef) {
        buffer = P.allocate(capacity: capacity)
        buffer.initialize(repeating: 0, count: capacity)
        let root = Instance(top)
        for p in top.ports { root.slots[ObjectIdentifier(p)] = alloc(p.width) }
        portSlots = top.ports.map { (root.slots[ObjectIdentifier($0)]!, words($0.width)) }
        flatten(root)
        for inst in instances { compileSequential(inst) }
        for inst in instances {
            for s in inst.lowered.module.ports + inst.lowered.module.signals where inst.lowered.combinational[ObjectIdentifier(s)] != nil {
                compileComb(inst, s)
            }
        }
        for inst in instances { compileProperties(inst) }
        comb = pendingComb.map { $0() }
        edge = pendingEdge.map { $0() }
        commit = pendingCommit.map { $0() }
        pendingComb = []; pendingEdge = []; pendingCommit = []
    }

    deinit {
        buffer.deallocate()
        for m in memories { m.deallocate() }
        for t in scratch { t.deallocate() }
    }

    @inline(__always) func words(_ width: Int) -> Int { (width + 63) / 64 }

    private func alloc(_ width: Int) -> Int {
        let n = words(width)
        if size + n > capacity {
            var c = capacity
            while size + n > c { c *= 2 }
            let nb = P.allocate(capacity: c)
            nb.initialize(repeating: 0, count: c)
            nb.update(from: buffer, count: size)
            buffer.deallocate()
            buffer = nb
            capacity = c
        }
        let off = size
        size += n
        return off
    }

    /// Allocates every signal of `inst` and its children; ports of children alias
    /// the parent's instance-port signals.
    private func flatten(_ inst: Instance) {
        instances.append(inst)
        let m = inst.lowered.module
        for s in m.signals { inst.slots[ObjectIdentifier(s)] = alloc(s.width) }
        for mem in m.memories {
            let p = UnsafeMutablePointer<UInt64>.allocate(capacity: mem.depth * words(mem.width))
            p.initialize(repeating: 0, count: mem.depth * words(mem.width))
            inst.memSlots[ObjectIdentifier(mem)] = memories.count
            memories.append(p)
        }
        for child in m.instances {
            let c = Instance(child.module)
            for p in child.module.ports {
                if p === child.module.clock || p === child.module.reset {
                    let parentPort = p === child.module.clock ? m.clock : m.reset
                    c.slots[ObjectIdentifier(p)] = inst.slots[ObjectIdentifier(parentPort!)]!
                    continue
                }
                let parentSignal = child.ports.first { s in
                    switch s.kind {
                    case .instanceInput(_, let port), .instanceOutput(_, let port): return port == p.name
                    default: return false
                    }
                }!
                c.slots[ObjectIdentifier(p)] = inst.slots[ObjectIdentifier(parentSignal)]!
            }
            flatten(c)
        }
    }

    // MARK: Ports

    /// Sets top port `port` (its index in the top's ports) from words.
    func write(port: Int, _ values: UnsafeBufferPointer<UInt64>) {
        let (off, n) = portSlots[port]
        for i in 0..<n { buffer[off + i] = i < values.count ? values[i] : 0 }
    }

    /// Sets a top port of up to 64 bits.
    func write(port: Int, _ value: UInt64) {
        buffer[portSlots[port].offset] = value
    }

    func read(port: Int) -> [UInt64] {
        let (off, n) = portSlots[port]
        return (0..<n).map { buffer[off + $0] }
    }

    func read(port: Int) -> UInt64 { buffer[portSlots[port].offset] }

    // MARK: Running

    func evaluate() { for s in comb { s() } }

    func clockEdge() {
        for s in edge { s() }
        for s in commit { s() }
    }

    // MARK: Properties

    /// A property of one instance: the slots of its enable, its condition and the reset.
    struct CompiledProperty {
        let property: Property
        let enable: Int
        let condition: Int
        let reset: Int?
    }
    private(set) var properties: [CompiledProperty] = []
    /// Cycles each cover point held, by its label (summed over instances).
    private(set) var coverCounts: [String: Int] = [:]

    private func compileProperties(_ inst: Instance) {
        let m = inst.lowered.module
        let reset = m.reset.flatMap { inst.slots[ObjectIdentifier($0)] }
        for p in m.properties {
            properties.append(CompiledProperty(property: p, enable: compileNode(inst, p.enable),
                                               condition: compileNode(inst, p.condition), reset: reset))
        }
    }

    /// Checks every property on the current (evaluated) values, as a rising edge
    /// sees them; returns the assertions and assumptions that are false.
    func checkProperties() -> [Property] {
        var failed: [Property] = []
        for p in properties {
            if let r = p.reset, buffer[r] != 0 { continue }
            guard buffer[p.enable] != 0 else { continue }
            let holds = buffer[p.condition] != 0
            switch p.property.kind {
            case .assert, .assume: if !holds { failed.append(p.property) }
            case .cover: if holds { coverCounts[p.property.label, default: 0] += 1 }
            }
        }
        return failed
    }

    // MARK: Compilation

    /// Compiles the driver of combinational signal `s` (after everything it reads).
    private func compileComb(_ inst: Instance, _ s: SignalDecl) {
        let id = ObjectIdentifier(s)
        guard let driver = inst.lowered.combinational[id], inst.state[id] == nil else { return }
        inst.state[id] = 1
        let src = compileNode(inst, driver)
        let dst = inst.slots[id]!
        let n = words(s.width)
        if src != dst {
            pendingComb.append { [unowned self] in
                let b = self.buffer
                return { for i in 0..<n { b[dst + i] = b[src + i] } }
            }
        }
        inst.state[id] = 2
    }

    /// Makes sure a signal's value is computed before it is read.
    private func prepare(_ inst: Instance, _ s: SignalDecl) {
        switch s.kind {
        case .output, .wire, .instanceInput:
            compileComb(inst, s)
        case .instanceOutput(let child, let port):
            // Compile the child's driver of that output (it lives in the child instance).
            if let c = instances.first(where: { $0.lowered.module === child.module && $0.slots[ObjectIdentifier(child.module.port(port)!)] == inst.slots[ObjectIdentifier(s)] }) {
                compileComb(c, child.module.port(port)!)
            }
        case .input:
            // A child's input aliases the parent's instance-input signal: compute it there.
            if let (parent, sig) = owner(ofAliased: inst.slots[ObjectIdentifier(s)]!, except: inst) { prepare(parent, sig) }
        case .register:
            break
        }
    }

    private func owner(ofAliased slot: Int, except: Instance) -> (Instance, SignalDecl)? {
        for inst in instances where inst !== except {
            for s in inst.lowered.module.signals {
                if case .instanceInput = s.kind, inst.slots[ObjectIdentifier(s)] == slot { return (inst, s) }
            }
        }
        return nil
    }

    /// The slot holding `node`'s value, emitting the instructions that compute it.
    private func compileNode(_ inst: Instance, _ node: ExprNode) -> Int {
        let id = ObjectIdentifier(node)
        if let s = inst.nodeSlots[id] { return s }
        if let d = node.signalDecl {
            prepare(inst, d)
            let s = inst.slots[ObjectIdentifier(d)]!
            inst.nodeSlots[id] = s
            return s
        }
        if let w = node.constantWords {
            let s = alloc(node.width)
            for (i, v) in w.enumerated() { buffer[s + i] = v }
            inst.nodeSlots[id] = s
            return s
        }
        if case .reinterpret = node.op {
            let s = compileNode(inst, node.args[0])
            inst.nodeSlots[id] = s
            return s
        }
        let args = node.args.map { compileNode(inst, $0) }
        let r = alloc(node.width)
        inst.nodeSlots[id] = r
        pendingComb.append { [unowned self] in self.operation(inst, node, r, args) }
        return r
    }

    /// Register next values (into shadow slots) and memory writes at the clock edge.
    private func compileSequential(_ inst: Instance) {
        let m = inst.lowered.module
        let rstSlot = m.reset.flatMap { inst.slots[ObjectIdentifier($0)] }
        for s in m.signals {
            guard let info = s.registerInfo, let next = inst.lowered.nextState[ObjectIdentifier(s)] else { continue }
            let n = words(s.width)
            let src = compileNode(inst, next)
            let shadow = alloc(s.width)
            let dst = inst.slots[ObjectIdentifier(s)]!
            let reset = info.reset.map { compileNode(inst, $0) }
            pendingEdge.append { [unowned self] in
                let b = self.buffer
                if let reset, let rstSlot {
                    return { let from = b[rstSlot] != 0 ? reset : src; for i in 0..<n { b[shadow + i] = b[from + i] } }
                }
                return { for i in 0..<n { b[shadow + i] = b[src + i] } }
            }
            pendingCommit.append { [unowned self] in
                let b = self.buffer
                return { for i in 0..<n { b[dst + i] = b[shadow + i] } }
            }
        }
        for mem in m.memories {
            let store = memories[inst.memSlots[ObjectIdentifier(mem)]!]
            let n = words(mem.width)
            let depth = mem.depth
            for wr in inst.lowered.memoryWrites[ObjectIdentifier(mem)] ?? [] {
                let en = compileNode(inst, wr.enable)
                let addr = compileNode(inst, wr.address)
                let data = compileNode(inst, wr.data)
                // Latch address and data at the edge, write at commit (after all reads of the old contents).
                let addrShadow = alloc(64), dataShadow = alloc(mem.width), enShadow = alloc(1)
                let addrWords = words(wr.address.width)
                pendingEdge.append { [unowned self] in
                    let b = self.buffer
                    return {
                        b[enShadow] = b[en]
                        // An address with high bits set is out of range.
                        b[addrShadow] = addrWords > 1 && !WordOps.isZero(b + addr + 1, addrWords - 1) ? UInt64.max : b[addr]
                        for i in 0..<n { b[dataShadow + i] = b[data + i] }
                    }
                }
                pendingCommit.append { [unowned self] in
                    let b = self.buffer
                    return {
                        let a = b[addrShadow]
                        if b[enShadow] != 0 && a < UInt64(depth) {
                            for i in 0..<n { store[Int(a) * n + i] = b[dataShadow + i] }
                        }
                    }
                }
            }
        }
    }
}

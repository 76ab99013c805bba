/// For each statement block and each target (a signal connected or a memory
/// written somewhere below it), the indices of the block's statements that
/// concern the target — so printing one target's logic visits only its own
/// statements, not the whole module body: lowering and printing stay linear
/// in the design, not quadratic.
public final class TargetIndex {
    private var relevant: [ObjectIdentifier: [ObjectIdentifier: [Int]]] = [:]
    private var counts: [ObjectIdentifier: Int] = [:]

    public init(_ root: StatementBlock) {
        build(root)
    }

    /// Indexes `b` and returns every target below it.
    @discardableResult
    private func build(_ b: StatementBlock) -> Set<ObjectIdentifier> {
        var map: [ObjectIdentifier: [Int]] = [:]
        var all = Set<ObjectIdentifier>()
        for (i, s) in b.statements.enumerated() {
            var keys = Set<ObjectIdentifier>()
            switch s {
            case .connect(let t, _, _):
                keys.insert(ObjectIdentifier(t))
                counts[ObjectIdentifier(t), default: 0] += 1
            case .memoryWrite(let m, _, _, _):
                keys.insert(ObjectIdentifier(m))
            case .when(let w):
                keys = build(w.then)
                if let o = w.otherwise { keys.formUnion(build(o)) }
            case .switchOn(let sw):
                for c in sw.cases { keys.formUnion(build(c.body)) }
                if let d = sw.defaultBody { keys.formUnion(build(d)) }
            }
            for k in keys { map[k, default: []].append(i) }
            all.formUnion(keys)
        }
        relevant[ObjectIdentifier(b)] = map
        return all
    }

    /// Indices of the statements of `b` that concern `key`, in order.
    public func statements(in b: StatementBlock, for key: ObjectIdentifier) -> [Int] {
        relevant[ObjectIdentifier(b)]?[key] ?? []
    }

    /// Whether anything in `b` concerns `key`.
    public func contains(_ b: StatementBlock, _ key: ObjectIdentifier) -> Bool {
        !statements(in: b, for: key).isEmpty
    }

    /// Number of connections to `s` anywhere in the module.
    public func count(of s: SignalDecl) -> Int { counts[ObjectIdentifier(s)] ?? 0 }
}

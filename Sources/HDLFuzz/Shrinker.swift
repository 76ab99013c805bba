/// Makes a failing recipe smaller while it keeps failing: drop outputs, replace
/// steps by plain inputs, drop steps nothing reads. Bounded by `maxTrials`.
public struct Shrinker {
    public var maxTrials = 40

    public init() {}

    public func shrink(_ recipe: Recipe, stillFails: (Recipe) -> Bool) -> Recipe {
        var best = compact(recipe)
        var trials = 0
        var progress = true
        while progress && trials < maxTrials {
            progress = false
            // Fewer outputs.
            for i in best.outputs.indices where best.outputs.count > 1 && trials < maxTrials {
                var r = best
                r.outputs.remove(at: i)
                r = compact(r)
                trials += 1
                if stillFails(r) { best = r; progress = true; break }
            }
            // Simpler steps: a step replaced by a resize of input 0.
            var k = best.steps.count - 1
            while k >= 0 && trials < maxTrials {
                defer { k = min(k - 1, best.steps.count - 1) }
                if case .op(.resize, let args, _) = best.steps[k], args == [0] { continue }
                var r = best
                let w = RecipeGenerator.types(best)[best.inputs.count + k].width
                r.steps[k] = .op(.resize, args: [0], imm: [w])
                r = compact(r)
                trials += 1
                if stillFails(r) { best = r; progress = true }
            }
        }
        return best
    }

    /// Drops the steps no output depends on, renumbering references.
    public func compact(_ r: Recipe) -> Recipe {
        let n = r.inputs.count
        var live = Set(r.outputs)
        for k in r.steps.indices.reversed() where live.contains(n + k) {
            for d in Self.operands(r.steps[k]) { live.insert(d) }
        }
        var map: [Int: Int] = [:]
        for i in 0..<n { map[i] = i }
        var steps: [Recipe.Step] = []
        for (k, s) in r.steps.enumerated() where live.contains(n + k) {
            map[n + k] = n + steps.count
            steps.append(Self.renumber(s, map))
        }
        return Recipe(inputs: r.inputs, steps: steps, outputs: r.outputs.map { map[$0]! })
    }

    static func operands(_ s: Recipe.Step) -> [Int] {
        switch s {
        case .op(_, let args, _): return args
        case .register(let src, _, let en): return [src] + (en.map { [$0] } ?? [])
        case .conditional(let c, let v, _, _): return c + v
        case .switchOn(let sel, let v): return [sel] + v
        case .memory(_, let we, let wa, let wd, let ra, _): return [we, wa, wd, ra]
        case .instance(_, let inputs, _): return inputs
        }
    }

    static func renumber(_ s: Recipe.Step, _ m: [Int: Int]) -> Recipe.Step {
        switch s {
        case .op(let op, let args, let imm): return .op(op, args: args.map { m[$0]! }, imm: imm)
        case .register(let src, let reset, let en): return .register(source: m[src]!, reset: reset, enable: en.map { m[$0]! })
        case .conditional(let c, let v, let reg, let nested): return .conditional(conds: c.map { m[$0]! }, values: v.map { m[$0]! }, isRegister: reg, nested: nested)
        case .switchOn(let sel, let v): return .switchOn(selector: m[sel]!, values: v.map { m[$0]! })
        case .memory(let ab, let we, let wa, let wd, let ra, let sync):
            return .memory(addrBits: ab, writeEnable: m[we]!, writeAddr: m[wa]!, writeData: m[wd]!, readAddr: m[ra]!, syncRead: sync)
        case .instance(let child, let inputs, let out): return .instance(child: child, inputs: inputs.map { m[$0]! }, output: out)
        }
    }
}

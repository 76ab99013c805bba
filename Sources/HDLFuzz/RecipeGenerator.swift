import Randomness

/// Seeded random recipes: widths 1–130, every operator, registers with and
/// without reset and enable, `when` chains and nests, `switch`, memories with
/// asynchronous and registered reads, and child instances.
public struct RecipeGenerator {
    public var maxSteps = 28
    public var allowInstances = true

    public init() {}

    public func recipe(seed: UInt64) -> Recipe {
        var rng = SeededRandom(seed: seed)
        return make(&rng, depth: 0)
    }

    func width(_ rng: inout SeededRandom) -> Int {
        switch rng.next() % 10 {
        case 0: return 1
        case 1: return 64
        case 2: return 65 + Int(rng.next() % 66)   // 65...130
        case 3: return 2 + Int(rng.next() % 3)
        default: return 1 + Int(rng.next() % 40)
        }
    }

    func make(_ rng: inout SeededRandom, depth: Int) -> Recipe {
        let nIn = 2 + Int(rng.next() % 4)
        var types: [Recipe.ValueType] = (0..<nIn).map { _ in .init(width: width(&rng), signed: rng.next() % 2 == 0) }
        let inputs = types
        var steps: [Recipe.Step] = []
        let count = depth == 0 ? 6 + Int(rng.next() % UInt64(maxSteps)) : 3 + Int(rng.next() % 5)
        func pick() -> Int { Int(rng.next() % UInt64(types.count)) }
        for _ in 0..<count {
            let kind = rng.next() % 100
            var step: Recipe.Step
            var type: Recipe.ValueType
            switch kind {
            case 0..<55:
                let op = Recipe.Op.allCases[Int(rng.next() % UInt64(Recipe.Op.allCases.count))]
                var args = [pick()]
                var imm: [Int] = []
                switch op {
                case .add, .sub, .mul, .wrapAdd, .wrapSub, .wrapMul, .and, .or, .xor, .eq, .ne, .lt, .le, .gt, .ge, .shlDyn, .shrDyn:
                    args.append(pick())
                case .concat:
                    args += (0..<(1 + Int(rng.next() % 3))).map { _ in pick() }
                case .mux:
                    args += [pick(), pick(), pick()]
                case .shlConst, .shrConst:
                    imm = [Int(rng.next() % UInt64(types[args[0]].width + 3))]
                case .slice:
                    imm = [Int(rng.next() % 200), Int(rng.next() % 200)]
                case .resize:
                    imm = [width(&rng)]
                default: break
                }
                step = .op(op, args: args, imm: imm)
                type = Self.resultType(op, args.map { types[$0] }, imm)
            case 55..<67:
                let src = pick()
                step = .register(source: src, reset: rng.next() % 2 == 0 ? Int(rng.next() % 1000) - 500 : nil,
                                 enable: rng.next() % 2 == 0 ? pick() : nil)
                type = types[src]
            case 67..<80:
                let n = 1 + Int(rng.next() % 3)
                let conds = (0..<n).map { _ in pick() }
                let vals = (0..<(n + 1 + Int(rng.next() % 2))).map { _ in pick() }
                step = .conditional(conds: conds, values: vals, isRegister: rng.next() % 3 == 0, nested: rng.next() % 2 == 0)
                type = types[vals[0]]
            case 80..<88:
                let vals = (0..<(2 + Int(rng.next() % 3))).map { _ in pick() }
                step = .switchOn(selector: pick(), values: vals)
                type = types[vals[0]]
            case 88..<95:
                let data = pick()
                step = .memory(addrBits: 1 + Int(rng.next() % 4), writeEnable: pick(), writeAddr: pick(), writeData: data,
                               readAddr: pick(), syncRead: rng.next() % 2 == 0)
                type = .init(width: types[data].width, signed: false)
            default:
                guard allowInstances && depth == 0 else { continue }
                let child = make(&rng, depth: depth + 1)
                let out = Int(rng.next() % UInt64(child.outputs.count))
                step = .instance(child: child, inputs: child.inputs.map { _ in pick() }, output: out)
                type = Self.outputType(child, out)
            }
            steps.append(step)
            types.append(type)
        }
        let nOut = 1 + Int(rng.next() % 4)
        var outputs = (0..<nOut).map { _ in nIn + Int(rng.next() % UInt64(steps.count)) }
        outputs = Array(Set(outputs)).sorted()
        return Recipe(inputs: inputs, steps: steps, outputs: outputs)
    }

    static func outputType(_ r: Recipe, _ out: Int) -> Recipe.ValueType { types(r)[r.outputs[out]] }

    /// The type of every value of a recipe.
    static func types(_ r: Recipe) -> [Recipe.ValueType] {
        var t = r.inputs
        for s in r.steps {
            switch s {
            case .op(let op, let args, let imm): t.append(resultType(op, args.map { t[$0] }, imm))
            case .register(let src, _, _): t.append(t[src])
            case .conditional(_, let vals, _, _): t.append(t[vals[0]])
            case .switchOn(_, let vals): t.append(t[vals[0]])
            case .memory(_, _, _, let data, _, _): t.append(.init(width: t[data].width, signed: false))
            case .instance(let child, _, let out): t.append(outputType(child, out))
            }
        }
        return t
    }

    /// Mirrors `CircuitBuilder.apply`'s result types.
    static func resultType(_ op: Recipe.Op, _ a: [Recipe.ValueType], _ imm: [Int]) -> Recipe.ValueType {
        let x = a[0]
        let cap = { (w: Int) in min(w, CircuitBuilder.maxWidth) }
        switch op {
        case .add, .sub: return .init(width: cap(max(x.width, a[1].width) + 1), signed: x.signed)
        case .mul: return .init(width: cap(x.width + a[1].width), signed: x.signed)
        case .wrapAdd, .wrapSub, .wrapMul: return .init(width: max(x.width, a[1].width), signed: x.signed)
        case .and, .or, .xor, .not, .shlConst, .shrConst, .shlDyn, .shrDyn: return x
        case .eq, .ne, .lt, .le, .gt, .ge, .andReduce, .orReduce, .xorReduce: return .init(width: 1, signed: false)
        case .negate: return .init(width: x.width, signed: true)
        case .slice:
            let lo = imm[0] % x.width
            let hi = min(x.width - 1, lo + imm[1] % x.width)
            return .init(width: hi - lo + 1, signed: false)
        case .resize: return .init(width: max(1, imm[0]), signed: x.signed)
        case .concat: return .init(width: cap(a.reduce(0) { $0 + $1.width }), signed: false)
        case .mux: return x
        case .reinterpret: return .init(width: x.width, signed: !x.signed)
        }
    }
}

// kllm-fuzz: differential fuzzing of the DSL's Verilog emitter and simulators.
// Usage: kllm-fuzz [N] [--seed S] [--out DIR] [--cycles C] [--icarus-every K]
import Foundation
import HDLFuzz
import HDLVerilog

var count = 50, seed: UInt64 = 1, out = "fuzz-out", cycles = 150, icarusEvery = 10
var replay: String?
var args = Array(CommandLine.arguments.dropFirst())
func fail(_ m: String) -> Never {
    FileHandle.standardError.write(Data("kllm-fuzz: error: \(m)\n".utf8))
    exit(2)
}
while !args.isEmpty {
    let a = args.removeFirst()
    func value() -> String { guard !args.isEmpty else { fail("\(a) needs a value") }; return args.removeFirst() }
    switch a {
    case "--seed": guard let v = UInt64(value()) else { fail("--seed takes an integer") }; seed = v
    case "--out": out = value()
    case "--replay": replay = value()
    case "--print":
        // Print the Verilog of the circuit with this seed.
        guard let v = UInt64(value()) else { fail("--print takes a circuit seed") }
        if let m = try? CircuitBuilder.build(RecipeGenerator().recipe(seed: v)) { print(VerilogEmitter().emit(m)) }
        exit(0)
    case "--cycles": guard let v = Int(value()), v > 0 else { fail("--cycles takes a positive integer") }; cycles = v
    case "--icarus-every": guard let v = Int(value()), v >= 0 else { fail("--icarus-every takes an integer >= 0") }; icarusEvery = v
    default: guard let v = Int(a), v >= 0 else { fail("unknown argument '\(a)'") }; count = v
    }
}

var runner = DifferentialRunner()
runner.cycles = cycles
// Fuzz models go to a private cache removed at the end (every circuit is new).
let cache = NSTemporaryDirectory() + "kllm-fuzz-cache-\(getpid())"
runner.cacheRoot = cache
defer { try? FileManager.default.removeItem(atPath: cache) }
if let path = replay {
    // Re-run a saved reproducer: print its Verilog and the outcome.
    guard let data = FileManager.default.contents(atPath: path), let recipe = try? JSONDecoder().decode(Recipe.self, from: data) else {
        fail("cannot read a recipe from \(path)")
    }
    if let m = try? CircuitBuilder.build(recipe) { print(VerilogEmitter().emit(m)) }
    let outcome = (try? runner.run(recipe, seed: seed, icarus: true)) ?? .mismatch("run failed")
    print("replay: \(outcome)")
    try? FileManager.default.removeItem(atPath: cache)
    exit(outcome == .match ? 0 : 1)
}
let generator = RecipeGenerator()
var mismatches = 0
for i in 0..<count {
    let s = seed &* 1_000_003 &+ UInt64(i)
    let recipe = generator.recipe(seed: s)
    let icarus = icarusEvery > 0 && i % icarusEvery == 0
    let outcome: DifferentialRunner.Outcome
    do { outcome = try runner.run(recipe, seed: s, icarus: icarus) } catch { outcome = .mismatch("run failed: \(error)") }
    guard case .mismatch(let why) = outcome else { continue }
    mismatches += 1
    // Shrink while the same kind of failure remains: the same lint warning, or the
    // same kind of disagreement (text before the first ':').
    let fields = why.split(separator: ":", omittingEmptySubsequences: false)
    let kind = fields.prefix(why.hasPrefix("verilator -Wall") ? 2 : 1).joined(separator: ":")
    let small = Shrinker().shrink(recipe) { r in
        if case .mismatch(let w) = (try? runner.run(r, seed: s, icarus: icarus)) ?? .match { return w.hasPrefix(kind) }
        return false
    }
    let dir = "\(out)/circuit-\(s)"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys]
    try? enc.encode(small).write(to: URL(fileURLWithPath: "\(dir)/recipe.json"))
    try? "seed \(s)\n\(why)\n".write(toFile: "\(dir)/report.txt", atomically: true, encoding: .utf8)
    print("mismatch in circuit \(i) (seed \(s)): \(why)\n  minimal reproducer: \(dir)/recipe.json (\(small.steps.count) steps)")
}
print("fuzz: \(count) circuits, \(mismatches) mismatches")
try? FileManager.default.removeItem(atPath: cache)
exit(mismatches == 0 ? 0 : 1)

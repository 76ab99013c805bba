import HDL
import HDLCycleSim
import HDLSim
import Randomness
import XCTest

/// Constant folding and the cycle simulator run the same kernels: every operator,
/// at widths across word boundaries, gives the same bits whether its operands
/// are literals (folded while building) or input ports (simulated).
final class FoldingAgreesWithSimulationTests: XCTestCase {
    typealias Op = (name: String, build: @Sendable (HSInt, HSInt, HUInt) -> HSInt)

    static let ops: [Op] = [
        ("&+", { a, b, _ in a &+ b }), ("&-", { a, b, _ in a &- b }), ("&*", { a, b, _ in a &* b }),
        ("+", { a, b, _ in (a + b).resized(to: a.width) }), ("*", { a, b, _ in (a * b).bits(a.width - 1, 0).asSInt }),
        ("&", { a, b, _ in a & b }), ("|", { a, b, _ in a | b }), ("^", { a, b, _ in a ^ b }), ("~", { a, _, _ in ~a }),
        ("neg", { a, _, _ in -a }), (">>", { a, _, n in a >> n }), ("<<", { a, _, n in a << n }),
        (".<", { a, b, _ in (a .< b).asUInt.resized(to: a.width).asSInt }), (".>=", { a, b, _ in (a .>= b).asUInt.resized(to: a.width).asSInt }),
        ("u<", { a, b, _ in (a.asUInt .< b.asUInt).asUInt.resized(to: a.width).asSInt }),
        ("ext", { a, _, _ in a.resized(to: a.width + 5).bits(a.width + 4, 5).asSInt }),
        ("andR", { a, _, _ in a.andReduce().asUInt.resized(to: a.width).asSInt }),
        ("xorR", { a, _, _ in a.xorReduce().asUInt.resized(to: a.width).asSInt }),
    ]

    func testEveryOperatorFoldsAsItSimulates() throws {
        var rng = SeededRandom(seed: SeededRandom.testSeed(99))
        for width in [2, 7, 63, 64, 65, 130] {
            for op in Self.ops {
                let m = ModuleBuilder("fold_check")
                let a = m.input("a", .sint(width)), b = m.input("b", .sint(width)), n = m.input("n", .uint(8))
                m.output("y", .sint(width)).assign(op.build(a, b, n))
                let sim = CycleSimulator(module: try m.build())
                for trial in 0..<20 {
                    let words = { (w: Int) in (0..<((w + 63) / 64)).map { _ in trial % 5 == 0 ? ~UInt64(0) : rng.next() } }
                    let va = BitVector(words: words(width), width: width), vb = BitVector(words: words(width), width: width)
                    let vn = BitVector(unsigned: rng.next() % UInt64(width + 3), width: 8)
                    let folded = op.build(HSInt(node: literalNode(va)), HSInt(node: literalNode(vb)), HUInt(words: vn.words, width: 8))
                    guard let constant = folded.node.constantWords else {
                        XCTFail("\(op.name) at \(width) bits did not fold"); continue
                    }
                    try sim.poke("a", words: va.words)
                    try sim.poke("b", words: vb.words)
                    try sim.poke("n", words: vn.words)
                    XCTAssertEqual(try sim.peekWords("y"), constant, "\(op.name) at \(width) bits: a=\(va) b=\(vb) n=\(vn), seed \(rng.seed)")
                }
            }
        }
    }

    private func literalNode(_ v: BitVector) -> ExprNode { HUInt(words: v.words, width: v.width).asSInt.node }
}

/// A random circuit as data: inputs, then steps that each define one new value
/// from earlier values, and the values exposed as outputs. Being data, it can be
/// saved as a reproducer and shrunk (steps replaced, outputs dropped).
public struct Recipe: Codable, Sendable, Equatable {
    /// The type of a value.
    public struct ValueType: Codable, Sendable, Equatable {
        public var width: Int
        public var signed: Bool
        public init(width: Int, signed: Bool) { self.width = width; self.signed = signed }
    }

    /// Binary and unary operators of the DSL the fuzzer exercises.
    public enum Op: String, Codable, Sendable, CaseIterable {
        case add, sub, mul, wrapAdd, wrapSub, wrapMul, and, or, xor
        case eq, ne, lt, le, gt, ge
        case shlConst, shrConst, shlDyn, shrDyn
        case not, negate, andReduce, orReduce, xorReduce
        case slice, resize, concat, mux, reinterpret
    }

    /// One step; operands are indices into the value table (inputs first, then steps).
    public enum Step: Codable, Sendable, Equatable {
        /// `op` on `args`; `imm` holds constants (shift amount, slice bounds, target width).
        case op(Op, args: [Int], imm: [Int])
        /// A register loaded from `source` (with optional reset value and enable).
        case register(source: Int, reset: Int?, enable: Int?)
        /// A wire or register driven under nested `when`s: default `values[0]`, then
        /// `values[k]` under `conds[k-1]` (nested when `nested`, chained otherwise).
        case conditional(conds: [Int], values: [Int], isRegister: Bool, nested: Bool)
        /// A wire driven by a `switch` on `selector`: arm k takes `values[k]`, the default the last.
        case switchOn(selector: Int, values: [Int])
        /// A memory of 2^addrBits words written under `writeEnable`, read at `readAddr`.
        case memory(addrBits: Int, writeEnable: Int, writeAddr: Int, writeData: Int, readAddr: Int, syncRead: Bool)
        /// An instance of a child circuit; `inputs` feed its inputs, output `output` is the value.
        case instance(child: Recipe, inputs: [Int], output: Int)
    }

    public var inputs: [ValueType]
    public var steps: [Step]
    /// Value indices exposed as outputs.
    public var outputs: [Int]

    public init(inputs: [ValueType], steps: [Step], outputs: [Int]) {
        self.inputs = inputs
        self.steps = steps
        self.outputs = outputs
    }
}

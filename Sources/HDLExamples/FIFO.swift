import HDL
import HDLGen

/// A synchronous first-in first-out queue built on the DSL memory.
/// `push` writes `in_data` unless full; `pop` drops the head unless empty (both may
/// happen in one cycle). `out_data` shows the head combinationally; `empty`,
/// `full` and `count` describe the state. DEPTH must be a power of two.
public struct FIFOGenerator {
    public let width: Int
    public let depth: Int

    /// The resolved parameters (each checked against its `ExampleSpecs` declaration).
    public let values: ParameterValues

    /// Defaults and legal ranges come from `ExampleSpecs` (nil: the declared default);
    /// then the rules between parameters are checked.
    public init(width: Int? = nil, depth: Int? = nil) throws {
        try self.init(ExampleSpecs.fifo.resolve([(ExampleSpecs.fifoWidth, width), (ExampleSpecs.fifoDepth, depth)]))
    }

    /// From resolved values (the registry's path): checks the rules between parameters.
    public init(_ values: ParameterValues) throws {
        values.require(ExampleSpecs.fifo)
        let width = values[ExampleSpecs.fifoWidth]
        let depth = values[ExampleSpecs.fifoDepth]
        self.values = values
        guard depth & (depth - 1) == 0 else {
            throw ParameterError(parameter: ExampleSpecs.fifoDepth.name, value: depth, reason: "must be a power of two")
        }
        self.width = width
        self.depth = depth
    }

    public func build() throws -> ModuleDef {
        let aw = BitVector.minWidth(depth - 1, signed: false)
        let m = ModuleBuilder("fifo")
        m.record(values)
        m.annotate(.latency(1))
        m.doc = "memory-based FIFO"
        let push = m.input("push", .bool)
        let pop = m.input("pop", .bool)
        let inData = m.input("in_data", .uint(width))
        let outData = m.output("out_data", .uint(width))
        let empty = m.output("empty", .bool)
        let full = m.output("full", .bool)
        let count = m.output("count", .uint(aw + 1))

        let mem = m.memory("storage", .uint(width), depth: depth)
        let head = m.reg("head", .uint(aw), reset: 0)
        let tail = m.reg("tail", .uint(aw), reset: 0)
        let used = m.reg("used", .uint(aw + 1), reset: 0)
        let isEmpty = m.node("is_empty", used .== 0)
        let isFull = m.node("is_full", used .== depth)
        let doPush = m.node("do_push", push & !isFull)
        let doPop = m.node("do_pop", pop & !isEmpty)

        m.when(doPush) {
            mem.write(tail, inData)
            tail.assign(tail &+ 1)
        }
        m.when(doPop) {
            head.assign(head &+ 1)
        }
        m.when(doPush & !doPop) {
            used.assign(used &+ 1)
        }.elsewhen(doPop & !doPush) {
            used.assign(used &- 1)
        }
        outData.assign(mem.read(head))
        empty.assign(isEmpty)
        full.assign(isFull)
        count.assign(used)
        return try m.build()
    }
}

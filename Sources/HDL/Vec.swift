/// A fixed-size vector of same-typed hardware values: indexed by a Swift Int
/// (free) or by a hardware index (a mux).
public struct Vec<T: Hardware>: RandomAccessCollection {
    public var elements: [T]

    public init(_ elements: [T]) { self.elements = elements }

    public var startIndex: Int { 0 }
    public var endIndex: Int { elements.count }
    public subscript(i: Int) -> T { elements[i] }

    /// The element at a hardware index, as a balanced tree of 2:1 muxes on the
    /// index bits (log depth). Indices past the end read the last element.
    public func at(_ index: HUInt) -> T {
        precondition(!elements.isEmpty, "indexing an empty Vec")
        var level = elements
        var bit = 0
        while level.count > 1 && bit < index.width {
            if level.count % 2 == 1 { level.append(level[level.count - 1]) }
            let sel = index.bit(bit)
            level = stride(from: 0, to: level.count, by: 2).map { mux(sel, level[$0 + 1], level[$0]) }
            bit += 1
        }
        if bit < index.width && count < (1 << Swift.min(index.width, 62)) {
            // Higher index bits set: past the end.
            return mux(index .>= count, elements[count - 1], level[0])
        }
        return level[0]
    }

    /// All elements as one bus, element 0 in the least significant bits (SPEC flattening).
    public func flattened() -> HUInt { cat(elements.reversed().map { $0 as any Hardware }) }

    /// Drive every element from the matching one of `values`.
    public func assign(_ values: Vec<T>, file: StaticString = #fileID, line: UInt = #line) {
        guard values.count == count else {
            let owner = (elements + values.elements).lazy.compactMap(\.node.owner).first
            owner?.error(.widthMismatch, "assigning a Vec of \(values.count) elements to a Vec of \(count)",
                         at: SourceLoc(file: file, line: line))
            return
        }
        for (d, v) in zip(elements, values.elements) { d.assign(v, file: file, line: line) }
    }
}

extension HUInt {
    /// Split a flattened bus into `count` elements of `width/count` bits, element 0 lowest.
    public func split(_ count: Int, file: StaticString = #fileID, line: UInt = #line) -> Vec<HUInt> {
        let w = width / max(count, 1)
        guard count >= 1, w * count == width else {
            let p = HUInt(node: .poison(.widthMismatch, "cannot split \(width) bits into \(count) equal elements at \(SourceLoc(file: file, line: line))",
                                       width: max(w, 1), signed: false))
            return Vec(Array(repeating: p, count: max(count, 1)))
        }
        return Vec((0..<count).map { bits(($0 + 1) * w - 1, $0 * w) })
    }

    /// `split` with each element read as signed.
    public func splitSigned(_ count: Int, file: StaticString = #fileID, line: UInt = #line) -> Vec<HSInt> {
        Vec(split(count, file: file, line: line).map(\.asSInt))
    }
}

extension ModuleBuilder {
    /// `count` wires named `name_0`, `name_1`, ...
    public func wires<S: HardwareSpec>(_ name: String, count: Int, _ spec: S, file: StaticString = #fileID, line: UInt = #line) -> Vec<S.Value> {
        Vec((0..<count).map { wire("\(name)_\($0)", spec, file: file, line: line) })
    }

    /// `count` registers named `name_0`, `name_1`, ...
    public func regs<S: HardwareSpec>(_ name: String, count: Int, _ spec: S, reset: Int? = nil, enable: HBool? = nil,
                                      file: StaticString = #fileID, line: UInt = #line) -> Vec<S.Value> {
        Vec((0..<count).map { reg("\(name)_\($0)", spec, reset: reset, enable: enable, file: file, line: line) })
    }
}

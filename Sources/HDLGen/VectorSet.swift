/// A set of vector files for one top: named files of hex lines.
public struct VectorSet {
    /// File name (without folder) to lines.
    public var files: [(name: String, lines: [String])] = []
    public init() {}

    public mutating func add(_ name: String, _ lines: [String]) { files.append((name, lines)) }

    /// Files as (name, text), one hex word per line.
    public var rendered: [(name: String, text: String)] {
        files.map { ($0.name, $0.lines.isEmpty ? "" : $0.lines.joined(separator: "\n") + "\n") }
    }
}

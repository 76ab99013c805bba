/// A place in the Swift source that built a piece of hardware (`#fileID:#line`).
public struct SourceLoc: Sendable, Hashable, CustomStringConvertible {
    /// The `#fileID` of the construct, e.g. `KLLMGen/Counter.swift`.
    public let file: String
    /// The line of the construct.
    public let line: Int

    public init(file: StaticString = #fileID, line: UInt = #line) {
        self.file = "\(file)"
        self.line = Int(line)
    }

    public init(fileName: String, line: Int) {
        self.file = fileName
        self.line = line
    }

    /// `Module/File.swift:LINE`.
    public var description: String { "\(file):\(line)" }
}

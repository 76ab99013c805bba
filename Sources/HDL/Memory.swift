/// A register-file memory handle returned by `ModuleBuilder.memory`.
/// Words are not reset; their content is undefined until written.
public struct Memory<T: Hardware> {
    let builder: ModuleBuilder
    /// The IR declaration.
    public let decl: MemoryDecl

    /// Number of words.
    public var depth: Int { decl.depth }
    /// Width the address must have.
    public var addressWidth: Int { decl.addressWidth }

    func checkAddress(_ address: HUInt, loc: SourceLoc) -> Bool {
        if let e = address.node.error {
            builder.error(e.kind, "address of memory '\(decl.requestedName)': \(e.message)", at: loc)
            return false
        }
        if address.width != decl.addressWidth {
            builder.error(.widthMismatch, "address of memory '\(decl.requestedName)' is \(address.width) bits; "
                          + "a \(decl.depth)-word memory needs \(decl.addressWidth)", signal: decl.requestedName, at: loc)
            return false
        }
        return true
    }

    /// The word at `address`, combinationally (asynchronous read).
    public func read(_ address: HUInt, file: StaticString = #fileID, line: UInt = #line) -> T {
        let loc = SourceLoc(file: file, line: line)
        guard checkAddress(address, loc: loc) else {
            return T(node: .poison(.widthMismatch, "bad memory address at \(loc)", width: decl.width, signed: T.isSigned))
        }
        return T(node: ExprNode(.memoryRead(decl), [address.node], width: decl.width, signed: T.isSigned, owner: builder))
    }

    /// The word at `address`, registered: a register named `name` updated in cycles
    /// where the enclosing `when` blocks (and `enable`) hold, like a block RAM read port.
    public func readSync(_ address: HUInt, enable: HBool? = nil, name: String? = nil,
                         file: StaticString = #fileID, line: UInt = #line) -> T {
        let regName = name ?? "\(decl.requestedName)_rdata"
        let r = builder.reg(regName, SpecOf<T>(width: decl.width), enable: enable, file: file, line: line)
        r.assign(read(address, file: file, line: line), file: file, line: line)
        return r
    }

    /// Write `data` at `address` on the rising clock edge, in cycles where the
    /// enclosing `when` blocks hold.
    public func write(_ address: HUInt, _ data: T, file: StaticString = #fileID, line: UInt = #line) {
        let loc = SourceLoc(file: file, line: line)
        guard checkAddress(address, loc: loc) else { return }
        if let e = data.node.error {
            builder.error(e.kind, "data written to memory '\(decl.requestedName)': \(e.message)", at: loc)
            return
        }
        guard data.width == decl.width else {
            builder.error(.widthMismatch, "writing \(data.width) bits to memory '\(decl.requestedName)' of \(decl.width)-bit words",
                          signal: decl.requestedName, at: loc)
            return
        }
        if builder.refuseAfterBuild("writing memory '\(decl.requestedName)'", at: loc) { return }
        builder.currentBlock.statements.append(.memoryWrite(decl, address: address.node, data: data.node, loc))
    }
}

/// A spec for any hardware type `T` with a width (used where the type is generic).
public struct SpecOf<T: Hardware>: HardwareSpec {
    public typealias Value = T
    public let width: Int
    public init(width: Int) { self.width = width }
}

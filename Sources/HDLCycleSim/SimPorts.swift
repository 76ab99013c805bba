import HDL

extension ModuleDef {
    /// The module's ports as the simulation layer names them.
    public var simPorts: [SimPort] {
        ports.map { SimPort($0.name, width: $0.width, direction: $0.isInput ? .input : .output) }
    }
}

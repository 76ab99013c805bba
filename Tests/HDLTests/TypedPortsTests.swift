import HDL
import HDLLib
import HDLVerilog
import XCTest

/// A small block with a table write port and a framed stream, declared once.
private struct Accumulator {
    let width: Int
    struct Ports {
        let tab: TableWritePort<HSInt>
        let stream: StreamSink
        let data: HUInt
        let outValid: HBool, outSum: HSInt
    }

    func ports(_ p: PortMaker) -> Ports {
        Ports(tab: p.tableWrite("tab", addressWidth: 2, data: .sint(width)), stream: p.streamSink("in"),
              data: p.input("in_data", .uint(2)), outValid: p.output("out_valid", .bool), outSum: p.output("out_sum", .sint(width)))
    }

    func component() throws -> TypedModule<Ports> {
        let m = ModuleBuilder("acc")
        let io = m.ports(ports)
        let table = m.registerTable("t", count: 3, .sint(width), writtenBy: io.tab)
        let sum = m.reg("sum", .sint(width), reset: 0)
        m.when(io.stream.accepted) { sum.assign(mux(io.stream.first, table.at(io.data), sum &+ table.at(io.data))) }
        io.stream.ready.assign(true)
        io.outValid.assign(m.delayed("done", io.stream.accepted & io.stream.last, reset: 0))
        io.outSum.assign(sum)
        return try m.build(ports: ports)
    }
}

/// Typed ports: one declaration serves the block, its parents and its readers.
final class TypedPortsTests: XCTestCase {
    func testBundlesDeclarePortsInOrderWithDirections() throws {
        let def = try Accumulator(width: 8).component().def
        XCTAssertEqual(def.ports.map(\.name), ["clk", "rst", "tab_we", "tab_waddr", "tab_wdata", "in_valid", "in_ready", "in_first",
                                               "in_last", "in_data", "out_valid", "out_sum"])
        XCTAssertEqual(def.ports.filter { !$0.isInput }.map(\.name), ["in_ready", "out_valid", "out_sum"])
        XCTAssertEqual(def.port("tab_wdata")?.signed, true)
        // The register table states its contract (written entries, no other change).
        XCTAssertEqual(def.properties.filter { $0.kind == .assert }.count, 6)
    }

    func testParentBindsTheChildsPortsByType() throws {
        let child = try Accumulator(width: 8).component()
        let m = ModuleBuilder("top")
        let tab = m.ports { $0.tableWrite("tab", addressWidth: 2, data: .sint(8)) }
        let go = m.input("go", .bool)
        let y = m.output("y", .sint(8))
        let u = m.instance(child, "u")
        u.tab.assign(tab)
        u.stream.valid.assign(go)
        u.stream.first.assign(go)
        u.stream.last.assign(go)
        u.data.assign(HUInt(1, width: 2))
        y.assign(u.outSum)
        let text = VerilogEmitter().emit(try m.build())
        XCTAssertTrue(text.contains("assign u_tab_wdata = tab_wdata;"), text)
        XCTAssertTrue(text.contains(".out_sum(u_out_sum)"), text)
        XCTAssertTrue(text.contains("assign y = u_out_sum;"), text)
    }

    func testPortsOfAnElaboratedModuleReferToItsPorts() throws {
        let c = try Accumulator(width: 8).component()
        guard case .signal(let d) = c.ports.outSum.node.op else { return XCTFail("not a signal") }
        XCTAssertTrue(d === c.def.port("out_sum"))
    }

    func testADeclarationThatDisagreesWithTheChildIsAnErrorAtItsLine() throws {
        let child = try Accumulator(width: 8).component()
        let wider = TypedModule(child.def, ports: Accumulator(width: 9).ports)   // a stale declaration
        let m = ModuleBuilder("top")
        _ = m.instance(wider, "u")
        XCTAssertThrowsError(try m.build()) { e in
            let d = (e as? ElaborationError)?.diagnostics ?? []
            XCTAssertEqual(d.first?.kind, .widthMismatch, "\(d)")
            XCTAssertTrue(d.first?.message.contains("port 'tab_wdata' of 'acc' is 8 bits; its ports declaration says 9") ?? false, "\(d)")
            XCTAssertEqual(d.first?.loc?.line, 17)   // the declaration's line in Accumulator.ports
        }
    }

    func testModuloCounterWrapsAndAModulusOfOneIsNoRegister() throws {
        let m = ModuleBuilder("cnt")
        let step = m.input("step", .bool)
        let last = m.output("last", .bool)
        let c = m.moduloCounter("beat", modulus: 3, advance: step, atLastName: "at_last")
        last.assign(c.atLast)
        XCTAssertEqual(c.value?.width, 2)
        let text = VerilogEmitter().emit(try m.build())
        XCTAssertTrue(text.contains("at_last = beat == 2'd2"), text)
        let one = ModuleBuilder("one").moduloCounter("beat", modulus: 1, advance: HBool(true), atLastName: "x")
        XCTAssertNil(one.value)
    }
}

import HDL
import HDLVerilog
import XCTest

/// Every elaboration check: the error kind, the message, and the Swift file:line.
final class ElaborationCheckTests: XCTestCase {
    let file = "HDLTests/ElaborationCheckTests.swift"

    func diagnostics(_ m: ModuleBuilder) -> [Diagnostic] {
        do {
            _ = try m.build()
            return []
        } catch let e as ElaborationError {
            return e.diagnostics
        } catch {
            XCTFail("unexpected \(error)")
            return []
        }
    }

    func expectOne(_ m: ModuleBuilder, _ kind: Diagnostic.Kind, _ message: String, line: Int,
                   testFile: StaticString = #filePath, testLine: UInt = #line) {
        let d = diagnostics(m)
        XCTAssertEqual(d.count, 1, "\(d)", file: testFile, line: testLine)
        guard let first = d.first else { return }
        XCTAssertEqual(first.kind, kind, file: testFile, line: testLine)
        XCTAssertEqual(first.message, message, file: testFile, line: testLine)
        XCTAssertEqual(first.loc, SourceLoc(fileName: file, line: line), file: testFile, line: testLine)
        XCTAssertTrue(first.description.hasPrefix("\(file):\(line): error: \(kind.rawValue): "), first.description,
                      file: testFile, line: testLine)
    }

    func testWidthMismatchInAssignment() {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(8))
        let y = m.output("y", .uint(4))
        let line = #line; y.assign(a)
        expectOne(m, .widthMismatch, "assigning a 8-bit value to 'y' (4 bits); use .resized(to:) or .bits(hi, lo) to say which bits", line: line)
    }

    func testWidthMismatchInOperatorIsReportedWhereUsed() {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(8))
        let b = m.input("b", .uint(4))
        let y = m.output("y", .uint(8))
        let line = #line; y.assign(a & b)
        expectOne(m, .widthMismatch, "in value assigned to 'y': width mismatch in '&': 8 bits vs 4 bits", line: line)
    }

    func testWidthMismatchInMux() {
        let m = ModuleBuilder("t")
        let s = m.input("s", .bool)
        let a = m.input("a", .uint(8))
        let b = m.input("b", .uint(7))
        let y = m.output("y", .uint(8))
        let line = #line; y.assign(mux(s, a, b))
        expectOne(m, .widthMismatch, "in value assigned to 'y': width mismatch in mux: 8 bits vs 7 bits", line: line)
    }

    func testSliceOutOfRangeNamesTheSlice() {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(8))
        let y = m.output("y", .uint(4))
        let line = #line; y.assign(a.bits(9, 6))
        expectOne(m, .sliceOutOfRange,
                  "in value assigned to 'y': slice [9:6] out of range of a 8-bit value at \(file):\(line)", line: line)
    }

    func testLiteralTooWide() {
        let m = ModuleBuilder("t")
        let y = m.output("y", .uint(4))
        let line = #line; y.assign(20)
        expectOne(m, .literalTooWide, "in value assigned to 'y': literal 20 does not fit in 4 unsigned bits", line: line)
    }

    func testUndrivenOutput() {
        let m = ModuleBuilder("t")
        let line = #line; _ = m.output("y", .uint(4))
        expectOne(m, .undriven, "output port 'y' is never assigned", line: line)
    }

    func testUndrivenWireAndRegister() {
        let m = ModuleBuilder("t")
        let y = m.output("y", .uint(4))
        let line = #line; let w = m.wire("w", .uint(4))
        y.assign(w)
        expectOne(m, .undriven, "wire 'w' is never assigned", line: line)

        let m2 = ModuleBuilder("t2")
        let y2 = m2.output("y", .uint(4))
        let line2 = #line; let r = m2.reg("r", .uint(4), reset: 0)
        y2.assign(r)
        expectOne(m2, .undriven, "register 'r' is never assigned", line: line2)
    }

    func testDoublyDrivenSignal() {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(4))
        let y = m.output("y", .uint(4))
        let first = #line; y.assign(a)
        let line = #line; y.assign(~a)
        expectOne(m, .multipleDrivers, "'y' is already driven at \(file):\(first) in the same block", line: line)
    }

    func testDefaultThenOverrideIsLegal() throws {
        let m = ModuleBuilder("t")
        let c = m.input("c", .bool)
        let a = m.input("a", .uint(4))
        let y = m.output("y", .uint(4))
        y.assign(0)
        m.when(c) { y.assign(a) }
        XCTAssertNoThrow(try m.build())
    }

    func testLatchFromIncompleteAssignment() {
        let m = ModuleBuilder("t")
        let c = m.input("c", .bool)
        let a = m.input("a", .uint(4))
        let line = #line; let y = m.output("y", .uint(4))
        let at = #line; m.when(c) { y.assign(a) }
        expectOne(m, .latch, "output port 'y' is not assigned on every path (first assigned at \(file):\(at)); "
                  + "give it a default before the `when`, or add `otherwise`", line: line)
    }

    func testCompleteSwitchNeedsNoDefault() throws {
        let m = ModuleBuilder("t")
        let s = m.input("s", .uint(1))
        let y = m.output("y", .uint(4))
        m.switchOn(s) { c in
            c.is(0) { y.assign(3) }
            c.is(1) { y.assign(5) }
        }
        XCTAssertNoThrow(try m.build())
    }

    func testCombinationalLoopListsTheCycle() {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(4))
        let y = m.output("y", .uint(4))
        let l1 = #line; let p = m.wire("p", .uint(4))
        let l2 = #line; let q = m.wire("q", .uint(4))
        p.assign(q &+ a)
        q.assign(p)
        y.assign(q)
        expectOne(m, .combinationalLoop,
                  "combinational loop: p (\(file):\(l1)) -> q (\(file):\(l2)) -> p (\(file):\(l1))", line: l1)
    }

    func testCombinationalLoopThroughAnInstance() throws {
        let child = ModuleBuilder("pass")
        let i = child.input("i", .uint(4))
        let o = child.output("o", .uint(4))
        o.assign(i)
        let def = try child.build()
        XCTAssertEqual(def.combinationalPaths["o"], ["i"])

        let m = ModuleBuilder("t")
        let y = m.output("y", .uint(4))
        let line = #line; let u = m.instance(def, "u")
        u.input("i", as: HUInt.self).assign(u.output("o"))
        y.assign(u.output("o"))
        let d = diagnostics(m)
        XCTAssertEqual(d.map(\.kind), [.combinationalLoop])
        XCTAssertEqual(d.first?.message, "combinational loop: u_i (\(file):\(line)) -> u_o (\(file):\(line)) -> u_i (\(file):\(line))")
    }

    func testRegisterBreaksLoop() throws {
        let m = ModuleBuilder("t")
        let y = m.output("y", .uint(4))
        let r = m.reg("r", .uint(4), reset: 0)
        r.assign(r &+ 1)
        y.assign(r)
        XCTAssertNoThrow(try m.build())
    }

    func testZeroWidthSignal() {
        let m = ModuleBuilder("t")
        let line = #line; let w = m.input("w", .uint(0))
        _ = w
        expectOne(m, .zeroWidth, "signal 'w' has width 0; widths start at 1", line: line)
    }

    func testCollidingPortNames() {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(4))
        let line = #line; let y = m.output("a", .uint(4))
        y.assign(a)
        expectOne(m, .nameCollision, "port name 'a' is used twice", line: line)
    }

    func testImplicitClockNameCollision() {
        let m = ModuleBuilder("t")
        let line = #line; let c = m.input("clk", .bool)
        let y = m.output("y", .bool)
        y.assign(m.delayed("d", c))
        expectOne(m, .nameCollision, "port name 'clk' is used twice (clk and rst are the implicit clock and reset)", line: line)
    }

    func testDrivingAnInputIsIllegal() {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(4))
        let y = m.output("y", .uint(4))
        y.assign(a)
        let line = #line; a.assign(3)
        expectOne(m, .illegalDrive, "input port 'a' cannot be driven inside its module", line: line)
    }

    func testUnknownInstancePort() throws {
        let child = ModuleBuilder("pass")
        child.output("o", .uint(4)).assign(child.input("i", .uint(4)))
        let def = try child.build()
        let m = ModuleBuilder("t")
        let y = m.output("y", .uint(4))
        let u = m.instance(def, "u")
        u.input("i", as: HUInt.self).assign(0)
        let line = #line; let bad: HUInt = u.output("out")
        y.assign(u.output("o"))
        _ = bad
        expectOne(m, .unknownPort, "module 'pass' has no output port 'out' (its outputs: o)", line: line)
    }

    func testMemoryAddressWidthChecked() {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(3))
        let y = m.output("y", .uint(8))
        let mem = m.memory("mem", .uint(8), depth: 16)
        mem.write(m.input("wa", .uint(4)), m.input("wd", .uint(8)))
        let line = #line; y.assign(mem.read(a))
        let d = diagnostics(m)
        XCTAssertEqual(d.first?.kind, .widthMismatch)
        XCTAssertEqual(d.first?.message, "address of memory 'mem' is 3 bits; a 16-word memory needs 4")
        XCTAssertEqual(d.first?.loc, SourceLoc(fileName: file, line: line))
    }

    func testAllProblemsAreReportedTogether() {
        let m = ModuleBuilder("t")
        _ = m.output("y", .uint(4))
        _ = m.output("z", .uint(4))
        XCTAssertEqual(diagnostics(m).count, 2)
    }
}

/// `build()` freezes a module: later changes are refused, never applied behind the checks.
final class FrozenModuleTests: XCTestCase {
    func testAssignAfterBuildIsRefusedAndReportedByTheNextBuild() throws {
        let m = ModuleBuilder("t")
        let a = m.input("a", .uint(4))
        let y = m.output("y", .uint(4))
        y.assign(a)
        let def = try m.build()
        let before = VerilogEmitter().emit(def)
        let line = #line; y.assign(a ^ 3)   // a second driver, after the checks ran
        m.when(a .== 1) { y.assign(0) }
        XCTAssertEqual(VerilogEmitter().emit(def), before, "the built module changed")
        XCTAssertTrue(m.isBuilt)
        XCTAssertThrowsError(try m.build()) { e in
            let d = (e as? ElaborationError)?.diagnostics ?? []
            XCTAssertEqual(d.first?.kind, .changedAfterBuild)
            XCTAssertEqual(d.first?.loc, SourceLoc(fileName: "HDLTests/ElaborationCheckTests.swift", line: line))
            XCTAssertTrue(d.first?.message.hasPrefix("assigning 'y' after the module was built at") ?? false, "\(d)")
            XCTAssertEqual(d.count, 3, "\(d)")   // the assign, the when, the assign inside it
        }
    }

    func testBuildTwiceReturnsTheSameModule() throws {
        let m = ModuleBuilder("t")
        m.output("y", .uint(4)).assign(m.input("a", .uint(4)))
        XCTAssertTrue(try m.build() === m.build())
    }
}

/// Writes the `extern "C"` C++ shim around a Verilated model: a port table,
/// create/destroy (one VerilatedContext each), the address of each port's
/// storage (the caller reads and writes it directly), eval, tick(n) with the
/// clock loop in C, and VCD tracing when the model is built with `--trace`.
public enum ShimGenerator {
    /// Every exported symbol starts with this prefix (the version script keeps only these).
    public static let symbolPrefix = "kllm_shim_"

    /// The shim source for `top` with `ports`; `clock` names the clock port, if any.
    public static func source(top: String, ports: [SimPort], clock: String?) -> String {
        let cls = "V\(top)"
        let p = symbolPrefix
        var s = """
        // Generated C shim for Verilated model \(cls). Do not edit.
        #include "\(cls).h"
        #include "verilated.h"
        #if VM_TRACE
        #include "verilated_vcd_c.h"
        #endif
        #include <cstdint>
        #include <cstring>

        namespace {
        struct PortInfo { const char* name; int width; int dir; };
        // Failed immediate assertions: how many, and the first 64 (line in the Verilog, cycle).
        struct PropertyFailures { uint64_t count; uint64_t cycle[64]; int32_t line[64]; };
        const PortInfo kPorts[] = {

        """
        for port in ports {
            s += "    {\"\(port.name)\", \(port.width), \(port.direction == .input ? 0 : 1)},\n"
        }
        if ports.isEmpty { s += "    {\"\", 0, 0},\n" }
        s += """
        };
        const int kPortCount = \(ports.count);
        struct Instance {
            VerilatedContext* ctx;
            \(cls)* top;
        #if VM_TRACE
            VerilatedVcdC* vcd;
        #endif
            uint64_t time;
            // Clock cycles ticked, and the assertions that failed (Verilog line, cycle).
            uint64_t cycles;
            PropertyFailures failures;
        };
        // The instance being evaluated on this thread, for the assertion hook below.
        thread_local Instance* tActive = nullptr;
        void dump(Instance* in) {
        #if VM_TRACE
            if (in->vcd) in->vcd->dump(in->time);
        #else
            (void)in;
        #endif
        }
        }  // namespace

        #ifdef VL_USER_STOP
        // Built with --assert and -DVL_USER_STOP: a failed assertion (or an assumption,
        // which Verilator checks the same way) calls $stop's hook; record it and run on.
        void vl_stop(const char* filename, int linenum, const char* hier) {
            (void)filename; (void)hier;
            Instance* in = tActive;
            if (!in) return;
            uint64_t k = in->failures.count++;
            if (k < 64) { in->failures.line[k] = linenum; in->failures.cycle[k] = in->cycles; }
        }
        #endif

        // Only these functions leave the library (the model is built with
        // -fvisibility=hidden, so calls inside it need no PLT or interposition).
        #pragma GCC visibility push(default)
        extern "C" {
        int \(p)port_count() { return kPortCount; }
        const char* \(p)port_name(int i) { return kPorts[i].name; }
        int \(p)port_width(int i) { return kPorts[i].width; }
        int \(p)port_dir(int i) { return kPorts[i].dir; }
        int \(p)has_trace() {
        #if VM_TRACE
            return 1;
        #else
            return 0;
        #endif
        }

        // reset_mode: 0 starts every register and memory at zero, 2 at random values
        // from `seed` (the model is built with --x-initial unique).
        void* \(p)create(uint64_t seed, int reset_mode) {
            Instance* in = new Instance();
            in->ctx = new VerilatedContext;
            in->ctx->randReset(reset_mode);
            in->ctx->randSeed(static_cast<int>(seed % 2147483646u) + 1);
        #if VM_TRACE
            in->ctx->traceEverOn(true);
            in->vcd = nullptr;
        #endif
            in->top = new \(cls)(in->ctx, "TOP");
            in->time = 0;
            in->cycles = 0;
            std::memset(&in->failures, 0, sizeof in->failures);
            return in;
        }

        void \(p)destroy(void* h) {
            Instance* in = static_cast<Instance*>(h);
        #if VM_TRACE
            if (in->vcd) { in->vcd->close(); delete in->vcd; }
        #endif
            in->top->final();
            delete in->top;
            delete in->ctx;
            delete in;
        }

        // The address of a port's storage in the model (CData/SData/IData/QData, or
        // the first 32-bit word of a VlWide), so a caller can read and write it directly.
        void* \(p)port_ptr(void* h, int port) {
            \(cls)* t = static_cast<Instance*>(h)->top;
            switch (port) {

        """
        for (i, port) in ports.enumerated() {
            s += port.width <= 64 ? "    case \(i): return (void*)&t->\(port.modelName);\n" : "    case \(i): return (void*)&t->\(port.modelName)[0];\n"
        }
        s += """
            default: return nullptr;
            }
        }

        void \(p)eval(void* h) {
            Instance* in = static_cast<Instance*>(h);
            tActive = in;
            in->top->eval();
        }

        // The failed-assertion record (count first), read in place by the caller.
        const void* \(p)failures(void* h) { return &static_cast<Instance*>(h)->failures; }

        // n full clock cycles: a rising edge then a falling edge each.
        void \(p)tick(void* h, uint64_t n) {
            Instance* in = static_cast<Instance*>(h);
            tActive = in;

        """
        if let clk = clock {
            s += """
                for (uint64_t i = 0; i < n; ++i) {
                    in->top->eval();
                    dump(in);
                    in->time += 5;
                    in->top->\(clk) = 1;
                    in->top->eval();
                    dump(in);
                    in->time += 5;
                    in->top->\(clk) = 0;
                    in->top->eval();
                    in->cycles += 1;
                }
            }

            """
        } else {
            s += "    (void)n;\n    in->top->eval();\n    dump(in);\n    in->time += 10;\n}\n"
        }
        s += """

        int \(p)trace_open(void* h, const char* path) {
        #if VM_TRACE
            Instance* in = static_cast<Instance*>(h);
            if (in->vcd) return 1;
            in->vcd = new VerilatedVcdC;
            in->top->trace(in->vcd, 99);
            in->vcd->open(path);
            return in->vcd->isOpen() ? 1 : 0;
        #else
            (void)h; (void)path;
            return 0;
        #endif
        }

        void \(p)trace_close(void* h) {
        #if VM_TRACE
            Instance* in = static_cast<Instance*>(h);
            if (in->vcd) { in->vcd->close(); delete in->vcd; in->vcd = nullptr; }
        #else
            (void)h;
        #endif
        }
        }  // extern "C"
        #pragma GCC visibility pop

        """
        return s
    }
}

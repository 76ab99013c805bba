/// Writes the `extern "C"` C++ shim around a Verilated model: a port table,
/// create/destroy (one VerilatedContext each), set/get of up to 64 bits and of
/// 32-bit word arrays for wider ports, eval, tick(n) with the clock loop in C,
/// and VCD tracing when the model is built with `--trace`.
public enum ShimGenerator {
    /// Every exported symbol starts with this prefix (the version script keeps only these).
    public static let symbolPrefix = "kllm_shim_"

    static func cType(_ width: Int) -> String {
        switch width {
        case ...8: return "CData"
        case ...16: return "SData"
        case ...32: return "IData"
        case ...64: return "QData"
        default: return "VlWide"
        }
    }

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
        };
        inline uint64_t maskTo(uint64_t v, int w) { return w >= 64 ? v : (v & ((uint64_t(1) << w) - 1)); }
        void dump(Instance* in) {
        #if VM_TRACE
            if (in->vcd) in->vcd->dump(in->time);
        #else
            (void)in;
        #endif
        }
        }  // namespace

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

        void* \(p)create() {
            Instance* in = new Instance();
            in->ctx = new VerilatedContext;
        #if VM_TRACE
            in->ctx->traceEverOn(true);
            in->vcd = nullptr;
        #endif
            in->top = new \(cls)(in->ctx, "TOP");
            in->time = 0;
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

        void \(p)set(void* h, int port, uint64_t v) {
            \(cls)* t = static_cast<Instance*>(h)->top;
            switch (port) {

        """
        for (i, port) in ports.enumerated() where port.direction == .input {
            if port.width <= 64 {
                s += "    case \(i): t->\(port.name) = (\(cType(port.width)))maskTo(v, \(port.width)); break;\n"
            } else {
                s += "    case \(i): t->\(port.name)[0] = (EData)v; t->\(port.name)[1] = (EData)(v >> 32); "
                s += "for (int k = 2; k < \((port.width + 31) / 32); ++k) t->\(port.name)[k] = 0; break;\n"
            }
        }
        s += """
            default: break;
            }
        }

        uint64_t \(p)get(void* h, int port) {
            \(cls)* t = static_cast<Instance*>(h)->top;
            switch (port) {

        """
        for (i, port) in ports.enumerated() {
            if port.width <= 64 {
                s += "    case \(i): return maskTo((uint64_t)t->\(port.name), \(port.width));\n"
            } else {
                s += "    case \(i): return (uint64_t)t->\(port.name)[0] | ((uint64_t)t->\(port.name)[1] << 32);\n"
            }
        }
        s += """
            default: return 0;
            }
        }

        // Little-endian 32-bit words, as many as the port needs.
        void \(p)set_words(void* h, int port, const uint32_t* w) {
            \(cls)* t = static_cast<Instance*>(h)->top;
            switch (port) {

        """
        for (i, port) in ports.enumerated() where port.direction == .input {
            let n = (port.width + 31) / 32
            let lastMask = port.width % 32 == 0 ? "0xffffffffu" : "0x\(String((UInt32(1) << UInt32(port.width % 32)) &- 1, radix: 16))u"
            if port.width <= 64 {
                let hi = n > 1 ? "((uint64_t)w[1] << 32) | " : ""
                s += "    case \(i): t->\(port.name) = (\(cType(port.width)))maskTo(\(hi)(uint64_t)w[0], \(port.width)); break;\n"
            } else {
                s += "    case \(i): for (int k = 0; k < \(n); ++k) t->\(port.name)[k] = w[k]; t->\(port.name)[\(n - 1)] &= \(lastMask); break;\n"
            }
        }
        s += """
            default: break;
            }
        }

        void \(p)get_words(void* h, int port, uint32_t* w) {
            \(cls)* t = static_cast<Instance*>(h)->top;
            switch (port) {

        """
        for (i, port) in ports.enumerated() {
            let n = (port.width + 31) / 32
            if port.width <= 64 {
                s += "    case \(i): { uint64_t v = maskTo((uint64_t)t->\(port.name), \(port.width)); w[0] = (uint32_t)v; "
                s += n > 1 ? "w[1] = (uint32_t)(v >> 32); break; }\n" : "break; }\n"
            } else {
                s += "    case \(i): for (int k = 0; k < \(n); ++k) w[k] = t->\(port.name)[k]; break;\n"
            }
        }
        s += """
            default: break;
            }
        }

        void \(p)eval(void* h) { static_cast<Instance*>(h)->top->eval(); }

        // n full clock cycles: a rising edge then a falling edge each.
        void \(p)tick(void* h, uint64_t n) {
            Instance* in = static_cast<Instance*>(h);

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

        """
        return s
    }
}

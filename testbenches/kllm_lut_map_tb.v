// Icarus testbench for kllm_lut_map (SPEC 4a), written from the SPEC contract:
// loads table.hex through tab_*, streams in.hex ({gap, in_idx} per beat, gap = one
// idle cycle first), and checks every out_val against expect.hex in order and
// that each arrives exactly LATENCY cycles after its beat. Prints PASS or FAIL.
`default_nettype none
module kllm_lut_map_tb;
    parameter LANES = 8;
    parameter IBITS = 4;
    parameter OUT_W = 16;
    parameter LATENCY = 1;
    parameter MAXN = 100000;
    localparam SW = 1 + LANES * IBITS;
    localparam EW = LANES * OUT_W;

    reg clk = 1'b0;
    reg rst = 1'b1;
    reg tab_we = 1'b0;
    reg [IBITS-1:0] tab_waddr = 0;
    reg [OUT_W-1:0] tab_wdata = 0;
    reg in_valid = 1'b0;
    reg [LANES*IBITS-1:0] in_idx = 0;
    wire out_valid;
    wire [EW-1:0] out_val;

    reg [SW-1:0] stim [0:MAXN-1];
    reg [OUT_W-1:0] table_data [0:(1<<IBITS)-1];
    reg [31:0] counts [0:1];
    integer nbeats, nres, i;

    kllm_lut_map dut (.clk(clk), .rst(rst), .tab_we(tab_we), .tab_waddr(tab_waddr), .tab_wdata(tab_wdata),
                      .in_valid(in_valid), .in_idx(in_idx), .out_valid(out_valid), .out_val(out_val));

    tb_result_checker #(.LINE_W(EW), .W(EW), .LATENCY(LATENCY), .MAXN(MAXN)) check (
        .clk(clk), .rst(rst), .finished(in_valid), .out_valid(out_valid), .ready(1'b1), .got(out_val));

    always #5 clk = ~clk;

    // SPEC: address and data are ignored while *_we is 0, so they carry garbage then
    // (changed just after each rising edge, never in a cycle that writes).
    always @(posedge clk) #1 if (!tab_we) begin tab_waddr = $random; tab_wdata = {4{$random}}; end
    initial begin
        $readmemh("count.hex", counts);
        nbeats = counts[0];
        nres = counts[1];
        if (nbeats < 1 || nbeats > MAXN || nres > MAXN) begin
            $display("FAIL kllm_lut_map: counts %0d/%0d out of range", nbeats, nres);
            $finish;
        end
        $readmemh("table.hex", table_data);
        $readmemh("in.hex", stim, 0, nbeats - 1);
        check.load(nres);
        repeat (2) @(negedge clk);
        rst = 1'b0;
        // Reset prologue (SPEC "Reset"): a reset with a result in flight, one during an
        // output pulse and one inside an open vector each drop everything. Inputs are X
        // while rst is high (a reset ignores them); the checker is armed after each reset,
        // so a result that survives fails, and the stream below starts right after the
        // last one. The tables are still unwritten: results are X, control must not be.
        in_valid = 1'b1; in_idx = $random; @(negedge clk);
        in_valid = 1'bx; in_idx = {LANES*IBITS{1'bx}}; rst = 1'b1; @(negedge clk);
        in_valid = 1'b0; rst = 1'b0; check.arm();
        repeat (LATENCY + 3) @(negedge clk);
        check.disarm();
        in_valid = 1'b1; in_idx = $random; @(negedge clk);
        in_valid = 1'b0;
        i = 0;
        while (out_valid !== 1'b1 && i < LATENCY + 8) begin @(negedge clk); i = i + 1; end
        in_valid = 1'bx; in_idx = {LANES*IBITS{1'bx}}; rst = 1'b1; @(negedge clk);
        in_valid = 1'b0; rst = 1'b0; check.arm();
        repeat (LATENCY + 3) @(negedge clk);
        for (i = 0; i < (1 << IBITS); i = i + 1) begin
            tab_we = 1'b1; tab_waddr = i; tab_wdata = table_data[i];
            @(negedge clk);
        end
        tab_we = 1'b0;
        for (i = 0; i < nbeats; i = i + 1) begin
            if (stim[i][SW-1]) begin in_valid = 1'b0; @(negedge clk); end
            in_valid = 1'b1;
            in_idx = stim[i][SW-2:0];
            @(negedge clk);
        end
        in_valid = 1'b0;
        repeat (LATENCY + 4) @(negedge clk);
        if (check.errors == 0 && check.seen == nres) $display("PASS kllm_lut_map: %0d beats, %0d results checked", nbeats, check.seen);
        else $display("FAIL kllm_lut_map: %0d errors, %0d of %0d results", check.errors, check.seen, nres);
        $finish;
    end
endmodule
`default_nettype wire

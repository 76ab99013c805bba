// Icarus testbench for kllm_lut_reduce (SPEC 4b), written from the SPEC contract:
// loads G from table.hex through tab_*, streams in.hex ({gap, last, in_idx} per
// beat) honouring in_ready, and checks every out_sum against expect.hex in order
// and that it arrives LATENCY cycles after the vector's last beat.
`default_nettype none
module kllm_lut_reduce_tb;
    parameter LANES = 8;
    parameter IBITS = 4;
    parameter VAL_W = 16;
    parameter ACC_W = 32;
    parameter LATENCY = 2;
    parameter MAXN = 100000;
    localparam SW = 2 + LANES * IBITS;

    reg clk = 1'b0;
    reg rst = 1'b1;
    reg tab_we = 1'b0;
    reg [IBITS-1:0] tab_waddr = 0;
    reg [VAL_W-1:0] tab_wdata = 0;
    reg in_valid = 1'b0;
    reg in_last = 1'b0;
    reg [LANES*IBITS-1:0] in_idx = 0;
    wire in_ready;
    wire out_valid;
    wire [ACC_W-1:0] out_sum;

    reg [SW-1:0] stim [0:MAXN-1];
    reg [VAL_W-1:0] table_data [0:(1<<IBITS)-1];
    reg [31:0] counts [0:1];
    integer nbeats, nres, i, sent;

    kllm_lut_reduce dut (.clk(clk), .rst(rst), .tab_we(tab_we), .tab_waddr(tab_waddr), .tab_wdata(tab_wdata),
                         .in_valid(in_valid), .in_last(in_last), .in_idx(in_idx), .in_ready(in_ready),
                         .out_valid(out_valid), .out_sum(out_sum));

    tb_result_checker #(.LINE_W(ACC_W), .W(ACC_W), .LATENCY(LATENCY), .MAXN(MAXN)) check (
        .clk(clk), .rst(rst), .finished(in_valid && in_ready && in_last), .out_valid(out_valid), .ready(in_ready), .got(out_sum));

    always #5 clk = ~clk;

    // SPEC: address and data are ignored while *_we is 0, so they carry garbage then
    // (changed just after each rising edge, never in a cycle that writes).
    always @(posedge clk) #1 if (!tab_we) begin tab_waddr = $random; tab_wdata = {4{$random}}; end
    initial begin
        sent = 0;
        $readmemh("count.hex", counts);
        nbeats = counts[0];
        nres = counts[1];
        if (nbeats < 1 || nbeats > MAXN || nres > MAXN) begin
            $display("FAIL kllm_lut_reduce: counts %0d/%0d out of range", nbeats, nres);
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
        // last one. The tables are still unwritten and the open vector's data is X:
        // results are X, control must not be.
        in_valid = 1'b1; in_last = 1'b1; in_idx = $random; @(negedge clk);
        in_valid = 1'bx; in_last = 1'bx; in_idx = {LANES*IBITS{1'bx}}; rst = 1'b1; @(negedge clk);
        in_valid = 1'b0; rst = 1'b0; check.arm();
        repeat (LATENCY + 3) @(negedge clk);
        check.disarm();
        in_valid = 1'b1; in_last = 1'b1; in_idx = $random; @(negedge clk);
        in_valid = 1'b0;
        i = 0;
        while (out_valid !== 1'b1 && i < LATENCY + 8) begin @(negedge clk); i = i + 1; end
        in_valid = 1'bx; in_last = 1'bx; in_idx = {LANES*IBITS{1'bx}}; rst = 1'b1; @(negedge clk);
        in_valid = 1'b0; rst = 1'b0; check.arm();
        repeat (LATENCY + 3) @(negedge clk);
        check.disarm();
        in_valid = 1'b1; in_last = 1'b0; in_idx = {LANES*IBITS{1'bx}}; @(negedge clk);
        in_last = 1'b0; @(negedge clk);
        in_valid = 1'bx; in_last = 1'bx; in_idx = {LANES*IBITS{1'bx}}; rst = 1'b1; @(negedge clk);
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
            in_last = stim[i][SW-2];
            in_idx = stim[i][SW-3:0];
            @(posedge clk);
            while (!in_ready) @(posedge clk);
            sent = sent + 1;
            @(negedge clk);
        end
        in_valid = 1'b0;
        repeat (LATENCY + 4) @(negedge clk);
        if (check.errors == 0 && check.seen == nres && sent == nbeats) $display("PASS kllm_lut_reduce: %0d beats, %0d results checked", nbeats, check.seen);
        else $display("FAIL kllm_lut_reduce: %0d errors, %0d of %0d results", check.errors, check.seen, nres);
        $finish;
    end
endmodule
`default_nettype wire

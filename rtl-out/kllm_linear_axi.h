/* Register map of kllm_linear_axi (kllm-gen); AXI4-Lite, 32-bit words, byte addresses. */
#ifndef KLLM_LINEAR_AXI_H
#define KLLM_LINEAR_AXI_H

#define KLLM_LINEAR_AXI_ADDR_WIDTH 12
#define KLLM_LINEAR_AXI_REGION_BITS 9
#define KLLM_LINEAR_AXI_N 16
#define KLLM_LINEAR_AXI_K 64
#define KLLM_LINEAR_AXI_LANES 8
#define KLLM_LINEAR_AXI_OUT_LANES 4
#define KLLM_LINEAR_AXI_WBITS 4
#define KLLM_LINEAR_AXI_ABITS 4
#define KLLM_LINEAR_AXI_DATA_W 8
#define KLLM_LINEAR_AXI_CW_W 8
#define KLLM_LINEAR_AXI_S_W 8
#define KLLM_LINEAR_AXI_ACC_W 32
#define KLLM_LINEAR_AXI_TOPK 2
#define KLLM_LINEAR_AXI_ROW_PAR 16
#define KLLM_LINEAR_AXI_LATENCY 9
#define KLLM_LINEAR_AXI_INTERVAL 8
#define KLLM_LINEAR_AXI_RESULT_DEPTH 16
#define KLLM_LINEAR_AXI_S_AXIS_TDATA_WIDTH 64
#define KLLM_LINEAR_AXI_M_AXIS_TDATA_WIDTH 160
#define KLLM_LINEAR_AXI_ID_VALUE 0x4B4C4C4DU
#define KLLM_LINEAR_AXI_VERSION_VALUE 0x00010000U

#define KLLM_LINEAR_AXI_REG_ID 0x000U /* RO: 0x4B4C4C4D ("KLLM") */
#define KLLM_LINEAR_AXI_REG_VERSION 0x004U /* RO: register map version, major << 16 | minor (1.0) */
#define KLLM_LINEAR_AXI_REG_SHAPE 0x008U /* RO: N [15:0], K [31:16] */
#define KLLM_LINEAR_AXI_REG_BEAT 0x00CU /* RO: LANES [15:0], OUT_LANES [31:16] */
#define KLLM_LINEAR_AXI_REG_WIDTHS 0x010U /* RO: WBITS [7:0], ABITS [15:8], DATA_W [23:16], CW_W [31:24] */
#define KLLM_LINEAR_AXI_REG_WIDTHS2 0x014U /* RO: S_W [7:0], ACC_W [15:8], TOPK [23:16] */
#define KLLM_LINEAR_AXI_REG_LATENCY 0x018U /* RO: tile latency L in cycles (last input beat to first result beat) */
#define KLLM_LINEAR_AXI_REG_INTERVAL 0x01CU /* RO: tile interval in cycles per vector (steady state) */
#define KLLM_LINEAR_AXI_REG_ROW_PAR 0x020U /* RO: rows summed at once */
#define KLLM_LINEAR_AXI_REG_RESULT_DEPTH 0x024U /* RO: result FIFO depth in output beats */
#define KLLM_LINEAR_AXI_REG_STATUS 0x028U /* RO: [0] tables busy (product table rebuild), [1] vector open, [2] framing error (sticky), [3] table write waiting for idle, [31:16] vectors in flight (first beat in, last result beat not yet out) */
#define KLLM_LINEAR_AXI_REG_CONTROL 0x02CU /* W1C: write 1 to bit 2 to clear the framing error */
#define KLLM_LINEAR_AXI_STATUS_TABLES_BUSY 0x1U
#define KLLM_LINEAR_AXI_STATUS_VECTOR_OPEN 0x2U
#define KLLM_LINEAR_AXI_STATUS_FRAMING_ERROR 0x4U
#define KLLM_LINEAR_AXI_STATUS_WRITE_WAITING 0x8U
#define KLLM_LINEAR_AXI_STATUS_IN_FLIGHT(status) (((status) >> 16) & 0xFFFFU)

/* weight codebook Cw[i]: 16 entries of 8 bits (signed), 1 word(s) each; writing the last word commits the entry. */
#define KLLM_LINEAR_AXI_CW_BASE 0x200U
#define KLLM_LINEAR_AXI_CW_ENTRIES 16
#define KLLM_LINEAR_AXI_CW_WORDS 1
#define KLLM_LINEAR_AXI_CW_STRIDE 1
#define KLLM_LINEAR_AXI_CW_ADDR(entry, word) (KLLM_LINEAR_AXI_CW_BASE + ((entry) * 1 + (word)) * 4U)

/* activation codebook Ca[j]: 16 entries of 8 bits (signed), 1 word(s) each; writing the last word commits the entry. */
#define KLLM_LINEAR_AXI_CA_BASE 0x400U
#define KLLM_LINEAR_AXI_CA_ENTRIES 16
#define KLLM_LINEAR_AXI_CA_WORDS 1
#define KLLM_LINEAR_AXI_CA_STRIDE 1
#define KLLM_LINEAR_AXI_CA_ADDR(entry, word) (KLLM_LINEAR_AXI_CA_BASE + ((entry) * 1 + (word)) * 4U)

/* thresholds, non-decreasing (SPEC 2): 15 entries of 8 bits (signed), 1 word(s) each; writing the last word commits the entry. */
#define KLLM_LINEAR_AXI_THR_BASE 0x600U
#define KLLM_LINEAR_AXI_THR_ENTRIES 15
#define KLLM_LINEAR_AXI_THR_WORDS 1
#define KLLM_LINEAR_AXI_THR_STRIDE 1
#define KLLM_LINEAR_AXI_THR_ADDR(entry, word) (KLLM_LINEAR_AXI_THR_BASE + ((entry) * 1 + (word)) * 4U)

/* row scale s[r]: 16 entries of 8 bits (signed), 1 word(s) each; writing the last word commits the entry. */
#define KLLM_LINEAR_AXI_S_BASE 0x800U
#define KLLM_LINEAR_AXI_S_ENTRIES 16
#define KLLM_LINEAR_AXI_S_WORDS 1
#define KLLM_LINEAR_AXI_S_STRIDE 1
#define KLLM_LINEAR_AXI_S_ADDR(entry, word) (KLLM_LINEAR_AXI_S_BASE + ((entry) * 1 + (word)) * 4U)

/* weight indices: entry r*(K/LANES)+b holds w[r][b*LANES+i] as element i: 128 entries of 32 bits, 1 word(s) each; writing the last word commits the entry. */
#define KLLM_LINEAR_AXI_W_BASE 0xA00U
#define KLLM_LINEAR_AXI_W_ENTRIES 128
#define KLLM_LINEAR_AXI_W_WORDS 1
#define KLLM_LINEAR_AXI_W_STRIDE 1
#define KLLM_LINEAR_AXI_W_ADDR(entry, word) (KLLM_LINEAR_AXI_W_BASE + ((entry) * 1 + (word)) * 4U)

#endif

/* tshark_text.h — reports in the text layouts tshark 4.0 prints for its -z
 * statistics (conv,TYPE, endpoints,TYPE, dests,tree), byte for byte, for
 * scripts written to read them.  Addresses are printed as numbers, as
 * `tshark -n` prints them. */
#ifndef ANALYZE_TSHARK_TEXT_H
#define ANALYZE_TSHARK_TEXT_H

#include <stdint.h>
#include <stdio.h>

#include "stats/conv.h"
#include "stats/stattree.h"

/* BYTES as Wireshark's size format writes it: "5816 bytes", "137 kB",
 * "3402 kB", "15 MB" (powers of 1000, truncated, a unit once the number
 * reaches 10 of it).  BUF of 32 bytes. */
const char *tshark_size(char *buf, uint64_t bytes);

/* `-z conv,TYPE[,FILTER]`: CONVS (struct conversation *) in the order to
 * print, FILTER as the -z option gave it (NULL: none), times relative to
 * ORIGIN_NS (the capture's first frame). */
void tshark_conv(FILE *fp, GPtrArray *convs, ConvType type, const char *filter, int64_t origin_ns);

/* `-z endpoints,TYPE[,FILTER]`: ENDS (struct endpoint *) in the order to print. */
void tshark_endpoints(FILE *fp, GPtrArray *ends, ConvType type, const char *filter);

/* `-z dests,tree`: the tree filled by dests_tree_packet. */
void tshark_dests(FILE *fp, const stat_tree *t);

#endif

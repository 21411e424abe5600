/* expect.h — UDP conversations that an earlier frame announced (the media
 * endpoints an SDP body names, the transfer a TFTP request opens ...),
 * each with the kind of conversation it is: a small number the protocols'
 * registrations give (udp_conv_kind(), dissect.h), so the table knows no
 * protocol.  A bounded table: when full, the oldest announcement is
 * forgotten, so memory stays flat on long captures. */
#ifndef ANALYZE_EXPECT_H
#define ANALYZE_EXPECT_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/flowtab.h"

/* What an announced endpoint carries: a conversation kind, 1 to
 * EXPECT_KINDS - 1 (the terminal UI keeps one in 3 bits), or EXPECT_NONE. */
#define EXPECT_NONE 0
#define EXPECT_KINDS 8

struct expect_table;

/* A new empty table holding at most CAP (> 0) entries; cannot fail. */
struct expect_table *expect_new(size_t cap);
void expect_free(struct expect_table *t);

/* Records KIND under KEY (replacing an earlier kind; evicting the oldest
 * entry when the table is full).  Cannot fail. */
void expect_put(struct expect_table *t, const struct flow_key *key, unsigned kind);
/* The kind stored under KEY, EXPECT_NONE when none. */
unsigned expect_get(const struct expect_table *t, const struct flow_key *key);
size_t expect_size(const struct expect_table *t);

#endif

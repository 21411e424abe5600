/* expect.h — UDP conversations that an earlier frame announced: the media
 * endpoints an SDP body names (RTP, and RTCP on the next port), the
 * transfer a TFTP request opens, a Kerberos client's exchanges with its KDC, a gQUIC
 * connection whose client named its version, a pair of ports STUN was
 * found on.  A bounded table: when full, the oldest
 * announcement is forgotten, so memory stays flat on long captures. */
#ifndef ANALYZE_EXPECT_H
#define ANALYZE_EXPECT_H

#include <stddef.h>
#include <stdint.h>

#include "dissect/flowtab.h"

/* What an announced endpoint carries. */
/* (at most 8 kinds: the terminal UI keeps one in 3 bits) */
enum expect_kind { EXPECT_NONE, EXPECT_RTP, EXPECT_RTCP, EXPECT_TFTP, EXPECT_KERBEROS, EXPECT_GQUIC, EXPECT_STUN };

struct expect_table;

/* A new empty table holding at most CAP (> 0) entries; cannot fail. */
struct expect_table *expect_new(size_t cap);
void expect_free(struct expect_table *t);

/* Records KIND under KEY (replacing an earlier kind; evicting the oldest
 * entry when the table is full).  Cannot fail. */
void expect_put(struct expect_table *t, const struct flow_key *key, enum expect_kind kind);
/* The kind stored under KEY, EXPECT_NONE when none. */
enum expect_kind expect_get(const struct expect_table *t, const struct flow_key *key);
size_t expect_size(const struct expect_table *t);

#endif

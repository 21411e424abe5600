/* cursor.h — the bounded cursor every dissector reads packet bytes through.
 *
 * A cursor is a window [off, end) over a frame's captured bytes plus the
 * length the protocol *declared* for that window (`rend`).  Reads never go
 * past `end`.  A read that runs past `end` but stays inside `rend` means the
 * capture cut the packet short (truncated); a read past `rend` means the packet
 * contradicts its own length fields (malformed).  The first failure sticks:
 * every later read returns zero and `err` keeps the first reason, so a
 * dissector can read a whole header and check once.
 */
#ifndef ANALYZE_CURSOR_H
#define ANALYZE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum cursor_err {
	CUR_OK = 0,
	CUR_TRUNCATED = 1, /* needed bytes the capture did not keep */
	CUR_MALFORMED = 2, /* needed bytes beyond the declared length */
};

struct cursor {
	const uint8_t *data; /* the frame's first byte: offsets are frame offsets */
	uint32_t off;        /* next byte to read */
	uint32_t end;        /* first byte not captured in this window */
	uint32_t rend;       /* first byte past the declared length of this window */
	uint8_t err;         /* enum cursor_err, sticky */
};

/* A cursor over a whole frame: CAPLEN bytes present, WIRELEN on the wire. */
static inline struct cursor cursor_init(const uint8_t *data, uint32_t caplen, uint32_t wirelen)
{
	struct cursor c = {data, 0, caplen, wirelen < caplen ? caplen : wirelen, CUR_OK};
	return c;
}

/* Bytes readable from the current position (captured ones). */
static inline uint32_t cursor_left(const struct cursor *c)
{
	return c->off < c->end ? c->end - c->off : 0;
}

/* Bytes the window declares from the current position (may exceed cursor_left). */
static inline uint32_t cursor_rleft(const struct cursor *c)
{
	return c->off < c->rend ? c->rend - c->off : 0;
}

static inline bool cursor_ok(const struct cursor *c)
{
	return c->err == CUR_OK;
}

/* Marks the cursor failed for a need of N bytes at the current position. */
static inline void cursor_fail(struct cursor *c, uint32_t n)
{
	if (c->err != CUR_OK)
		return;
	c->err = (uint64_t)c->off + n > c->rend ? CUR_MALFORMED : CUR_TRUNCATED;
}

/* True when N more bytes can be read; otherwise fails the cursor. */
static inline bool cursor_need(struct cursor *c, uint32_t n)
{
	if (c->err != CUR_OK)
		return false;
	if ((uint64_t)c->off + n <= c->end && (uint64_t)c->off + n <= c->rend)
		return true;
	cursor_fail(c, n);
	return false;
}

/* Pointer to N readable bytes at the current position, advancing past them;
 * NULL (and the cursor failed) when they are not all there. */
static inline const uint8_t *cursor_take(struct cursor *c, uint32_t n)
{
	if (!cursor_need(c, n))
		return NULL;
	const uint8_t *p = c->data + c->off;
	c->off += n;
	return p;
}

static inline bool cursor_skip(struct cursor *c, uint32_t n)
{
	return cursor_take(c, n) != NULL || n == 0;
}

static inline uint8_t cursor_u8(struct cursor *c)
{
	const uint8_t *p = cursor_take(c, 1);
	return p ? p[0] : 0;
}

static inline uint16_t cursor_be16(struct cursor *c)
{
	const uint8_t *p = cursor_take(c, 2);
	return p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

static inline uint16_t cursor_le16(struct cursor *c)
{
	const uint8_t *p = cursor_take(c, 2);
	return p ? (uint16_t)(p[1] << 8 | p[0]) : 0;
}

static inline uint32_t cursor_be32(struct cursor *c)
{
	const uint8_t *p = cursor_take(c, 4);
	return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] : 0;
}

static inline uint32_t cursor_le32(struct cursor *c)
{
	const uint8_t *p = cursor_take(c, 4);
	return p ? (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0] : 0;
}

/* Skips COUNT strings (or byte strings) each led by its 2-byte big-endian
 * length, as XDMCP and SRVLOC lay them out; stops where the cursor fails. */
static inline void cursor_skip_counted16(struct cursor *c, unsigned count)
{
	while (count-- > 0 && c->err == CUR_OK)
		cursor_skip(c, cursor_be16(c));
}

/* Big-endian numbers in bytes already known to be there (a header the
 * cursor has read past). */
static inline uint16_t bytes_be16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t bytes_be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* The next N bytes when all of them are there, captured and declared;
 * NULL otherwise.  Neither moves nor fails the cursor: a dissector reads
 * a whole fixed header at once this way, and byte by byte through the
 * cursor only when it is cut short (where the reads say how). */
static inline const uint8_t *cursor_peek_all(const struct cursor *c, uint32_t n)
{
	uint64_t end = (uint64_t)c->off + n;
	return c->err == CUR_OK && end <= c->end && end <= c->rend ? c->data + c->off : NULL;
}

/* Copies N bytes to DST (zero-filled when they are not there). */
static inline bool cursor_copy(struct cursor *c, void *dst, uint32_t n)
{
	const uint8_t *p = cursor_take(c, n);
	if (p)
		memcpy(dst, p, n);
	else
		memset(dst, 0, n);
	return p != NULL;
}

/* Peeks at the byte N positions ahead without moving or failing; -1 if absent. */
static inline int cursor_peek(const struct cursor *c, uint32_t n)
{
	uint64_t at = (uint64_t)c->off + n;
	return c->err == CUR_OK && at < c->end && at < c->rend ? c->data[at] : -1;
}

/* A sub-window of the next LEN declared bytes; the parent moves past them.
 * The sub-window's captured end is clipped to what the parent has.  When the
 * parent declares fewer than LEN bytes, the child is clipped to the parent's
 * declared end and the parent is marked malformed, since the inner length
 * contradicts the outer one. */
static inline struct cursor cursor_sub(struct cursor *c, uint32_t len)
{
	struct cursor s = *c;
	uint64_t want = (uint64_t)c->off + len;
	s.rend = want > c->rend ? c->rend : (uint32_t)want;
	s.end = s.rend < c->end ? s.rend : c->end;
	if (c->err == CUR_OK && want > c->rend)
		c->err = CUR_MALFORMED;
	c->off = s.rend;
	return s;
}

/* The rest of the window as a sub-window (the parent is consumed). */
static inline struct cursor cursor_rest(struct cursor *c)
{
	struct cursor s = *c;
	c->off = c->rend;
	return s;
}

/* Shrinks the window's declared end to OFF+LEN from the current position, as a
 * layer's length field says ("padding after this is not ours").  Returns false
 * (and fails the cursor as malformed) when LEN declares more than the window has. */
static inline bool cursor_limit(struct cursor *c, uint32_t len)
{
	uint64_t want = (uint64_t)c->off + len;
	if (want > c->rend) {
		if (c->err == CUR_OK)
			c->err = CUR_MALFORMED;
		return false;
	}
	c->rend = (uint32_t)want;
	if (c->end > c->rend)
		c->end = c->rend;
	return true;
}

#endif

/* afs.c — AFS, the calls of the Andrew File System, carried in the DATA
 * packets of RX (dissect/rx.c).
 *
 *   request:  +---------------------+------------------------------+
 *             | operation (32 bits) | its arguments (XDR)          |
 *             +---------------------+------------------------------+
 *   reply:    +----------------------------------------------------+
 *             | its results (XDR): the operation is not repeated   |
 *             +----------------------------------------------------+
 *
 * The service is told by the server's port (the destination of a packet
 * the client sent, RX's "client initiated" flag set, else its source):
 * 7000 file server (FS), 7001 cache manager callbacks (CB), 7002 protection
 * (PROT), 7003 volume location (VLDB), 7004 authentication (KAUTH), 7005
 * volume server (VOL), 7006 error (ERR), 7007 basic overseer (BOS), 7008
 * update (UPD), 7009 remote system calls (RMT), 7021 backup (BKUP).  A
 * reply's operation is its request's: the first request of a call (epoch,
 * connection id and call number, in one UDP conversation) is remembered,
 * and every packet of that call, either way, is shown with its operation.
 * Operations 10000-10007 (votes) and 20000-20013 (database transfers) are
 * Ubik's, whichever the service.  An operation above 66000 is no operation
 * at all: the call is encrypted.  Only the Info column is read here, not
 * the arguments.
 */
#include <stdio.h>

#include "dissect/column.h"
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/protocol.h"
#include "dissect/session.h"

enum {
	AFS_OP_MAX = 66000,
	UBIK_VOTE_LOW = 10000, UBIK_VOTE_HIGH = 10007,
	UBIK_DISK_LOW = 20000, UBIK_DISK_HIGH = 20013,
	AFS_CALLS_MAX = 65536, /* calls kept per conversation; then forgotten */
};

/* The operations of each service, by number (as Wireshark names them). */
static const struct value_string afs_fs_ops[] = {
	{130, "fetch-data"}, {131, "fetch-acl"}, {132, "fetch-status"}, {133, "store-data"}, {134, "store-acl"},
	{135, "store-status"}, {136, "remove-file"}, {137, "create-file"}, {138, "rename"}, {139, "symlink"},
	{140, "link"}, {141, "makedir"}, {142, "rmdir"}, {143, "old-set-lock"}, {144, "old-extend-lock"},
	{145, "old-release-lock"}, {146, "get-stats"}, {147, "give-up-callbacks"}, {148, "get-volume-info"},
	{149, "get-volume-status"}, {150, "set-volume-status"}, {151, "get-root-volume"}, {152, "check-token"},
	{153, "get-time"}, {154, "nget-volume-info"}, {155, "bulk-status"}, {156, "set-lock"}, {157, "extend-lock"},
	{158, "release-lock"}, {159, "xstats-version"}, {160, "get-xstats"}, {161, "dfs-lookup"},
	{162, "dfs-flushcps"}, {163, "dfs-symlink"}, {220, "residency"}, {65536, "inline-bulk-status"},
	{65537, "fetch-data-64"}, {65538, "store-data-64"}, {65539, "give-up-all-callbacks"},
	{65540, "get-capabilities"}, {65541, "call-back-rxconn-addr"}, {65542, "get-statistics-64"}, {0, NULL},
};
static const struct value_string afs_cb_ops[] = {
	{204, "callback"}, {205, "init-callback-state"}, {206, "probe"}, {207, "get-lock"}, {208, "get-ce"},
	{209, "xstats-version"}, {210, "get-xstats"}, {211, "init-callback-state2"}, {212, "who-are-you"},
	{213, "init-callback-state3"}, {214, "probeuuid"}, {215, "get-server-prefs"}, {216, "get-cellservdb"},
	{217, "get-local-cell"}, {218, "get-cache-config"}, {65536, "get-ce-64"}, {65537, "get-cell-by-num"},
	{65538, "get-capabilities"}, {0, NULL},
};
static const struct value_string afs_prot_ops[] = {
	{500, "new-user"}, {501, "where-is-it"}, {502, "dump-entry"}, {503, "add-to-group"}, {504, "name-to-id"},
	{505, "id-to-name"}, {506, "delete"}, {507, "remove-from-group"}, {508, "get-cps"}, {509, "new-entry"},
	{510, "list-max"}, {511, "set-max"}, {512, "list-entry"}, {513, "change-entry"}, {514, "list-elements"},
	{515, "is-member-of"}, {516, "set-fld-sentry"}, {517, "list-owned"}, {518, "get-cps2"},
	{519, "get-host-cps"}, {520, "update-entry"}, {521, "list-entries"}, {530, "list-supergroups"}, {0, NULL},
};
static const struct value_string afs_vldb_ops[] = {
	{501, "create-entry"}, {502, "delete-entry"}, {503, "get-entry-by-id"}, {504, "get-entry-by-name"},
	{505, "get-new-volume-id"}, {506, "replace-entry"}, {507, "update-entry"}, {508, "set-lock"},
	{509, "release-lock"}, {510, "list-entry"}, {511, "list-attributes"}, {512, "linked-list"},
	{513, "get-stats"}, {514, "probe"}, {515, "get-addrs"}, {516, "change-addr"}, {517, "create-entry-n"},
	{518, "get-entry-by-id-n"}, {519, "get-entry-by-name-n"}, {520, "replace-entry-n"}, {521, "list-entry-n"},
	{522, "list-attrib-n"}, {523, "linked-list-n"}, {524, "update-entry-by-name"}, {525, "create-entry-u"},
	{526, "get-entry-by-id-u"}, {527, "get-entry-by-name-u"}, {528, "replace-entry-u"}, {529, "list-entry-u"},
	{530, "list-attrib-u"}, {531, "linked-list-u"}, {532, "regaddr"}, {533, "get-addrs-u"},
	{534, "list-attrib-n2"}, {0, NULL},
};
static const struct value_string afs_kauth_ops[] = {
	{1, "auth-old"}, {2, "change-pw"}, {3, "get-ticket-old"}, {4, "set-pw"}, {5, "set-fields"},
	{6, "create-user"}, {7, "delete-user"}, {8, "get-entry"}, {9, "list-entry"}, {10, "get-stats"},
	{11, "debug"}, {12, "get-pw"}, {13, "get-random-key"}, {14, "unlock"}, {15, "lock-status"},
	{21, "authenticate"}, {22, "authenticate-v2"}, {23, "get-ticket"}, {0, NULL},
};
static const struct value_string afs_vol_ops[] = {
	{100, "create-volume"}, {101, "delete-volume"}, {102, "restore"}, {103, "forward"}, {104, "end-trans"},
	{105, "clone"}, {106, "set-flags"}, {107, "get-flags"}, {108, "trans-create"}, {109, "dump"},
	{110, "get-nth-volume"}, {111, "set-forwarding"}, {112, "get-name"}, {113, "get-status"},
	{114, "sig-restore"}, {115, "list-partitions"}, {116, "list-volumes"}, {117, "set-id-types"},
	{118, "monitor"}, {119, "partition-info"}, {120, "reclone"}, {121, "list-one-volume"}, {122, "nuke"},
	{123, "set-date"}, {124, "x-list-volumes"}, {125, "x-list-one-volume"}, {126, "set-info"},
	{127, "x-list-partitions"}, {128, "forward-multiple"}, {65536, "convert-ro"}, {65537, "getsize"},
	{65538, "dump-v2"}, {65539, "partition-info-64"}, {0, NULL},
};
static const struct value_string afs_bos_ops[] = {
	{80, "create-bnode"}, {81, "delete-bnode"}, {82, "set-status"}, {83, "get-status"},
	{84, "enumerate-instance"}, {85, "get-instance-info"}, {86, "get-instance-parm"}, {87, "add-superuser"},
	{88, "delete-superuser"}, {89, "list-superusers"}, {90, "list-keys"}, {91, "add-key"}, {92, "delete-key"},
	{93, "set-cell-name"}, {94, "get-cell-name"}, {95, "get-cell-host"}, {96, "add-cell-host"},
	{97, "delete-cell-host"}, {98, "set-t-status"}, {99, "shutdown-all"}, {100, "restart-all"},
	{101, "startup-all"}, {102, "set-noauth-flag"}, {103, "re-bozo"}, {104, "restart"}, {105, "install"},
	{106, "uninstall"}, {107, "get-dates"}, {108, "exec"}, {109, "prune"}, {110, "set-restart-time"},
	{111, "get-restart-time"}, {112, "get-log"}, {113, "wait-all"}, {114, "get-instance-strings"},
	{115, "get-restricted"}, {116, "set restricted"}, {0, NULL},
};
static const struct value_string afs_update_ops[] = {
	{1, "fetch-file"}, {2, "fetch-info"}, {0, NULL},
};
static const struct value_string afs_rmtsys_ops[] = {
	{1, "setpag"}, {2, "pioctl"}, {0, NULL},
};
static const struct value_string afs_backup_ops[] = {
	{0, "add-volume"}, {1, "create-dump"}, {2, "delete-dump"}, {3, "delete-tape"}, {4, "delete-vdp"},
	{5, "find-clone"}, {6, "find-dump"}, {7, "find-latest-dump"}, {8, "make-dump-appended"},
	{9, "find-last-tape"}, {10, "finish-dump"}, {11, "finish-tape"}, {12, "get-dumps"}, {13, "get-tapes"},
	{14, "get-volumes"}, {15, "use-tape"}, {16, "get-text"}, {17, "get-text-version"}, {18, "save-text"},
	{19, "free-all-locks"}, {20, "free-lock"}, {21, "get-instance-id"}, {22, "get-lock"}, {23, "db-verify"},
	{24, "dump-db"}, {25, "restore-db-header"}, {26, "t-get-version"}, {27, "t-dump-hash-table"},
	{28, "t-dump-database"}, {29, "add-volumes"}, {30, "list-dumps"}, {0, NULL},
};
static const struct value_string afs_ubik_ops[] = {
	{10000, "vote-beacon"}, {10001, "vote-debug-old"}, {10002, "vote-sdebug-old"}, {10003, "vote-getsyncsite"},
	{10004, "vote-debug"}, {10005, "vote-sdebug"}, {10006, "vote-xdebug"}, {10007, "vote-xsdebug"},
	{20000, "disk-begin"}, {20001, "disk-commit"}, {20002, "disk-lock"}, {20003, "disk-write"},
	{20004, "disk-getversion"}, {20005, "disk-getfile"}, {20006, "disk-sendfile"}, {20007, "disk-abort"},
	{20008, "disk-releaselocks"}, {20009, "disk-truncate"}, {20010, "disk-probe"}, {20011, "disk-writev"},
	{20012, "disk-interfaceaddr"}, {20013, "disk-setversion"}, {0, NULL},
};

static const struct {
	uint16_t port;
	const char *name;
	const struct value_string *ops; /* NULL: no operation has a name */
} afs_services[] = {
	{7000, "FS", afs_fs_ops}, {7001, "CB", afs_cb_ops}, {7002, "PROT", afs_prot_ops},
	{7003, "VLDB", afs_vldb_ops}, {7004, "KAUTH", afs_kauth_ops}, {7005, "VOL", afs_vol_ops},
	{7006, "ERR", NULL}, {7007, "BOS", afs_bos_ops}, {7008, "UPD", afs_update_ops},
	{7009, "RMT", afs_rmtsys_ops}, {7021, "BKUP", afs_backup_ops},
};

/* ---- calls remembered -------------------------------------------------- */

struct afs_call {
	uint32_t epoch, cid, call;
};

static guint afs_call_hash(gconstpointer k)
{
	const struct afs_call *a = k;
	return a->epoch + a->cid + a->call;
}

static gboolean afs_call_equal(gconstpointer x, gconstpointer y)
{
	const struct afs_call *a = x, *b = y;
	return a->epoch == b->epoch && a->cid == b->cid && a->call == b->call;
}

static void *afs_calls_new(void)
{
	return g_hash_table_new_full(afs_call_hash, afs_call_equal, g_free, NULL);
}

static void afs_calls_free(void *t)
{
	g_hash_table_destroy(t);
}

/* The operation of the call KEY of P's conversation: the one its first
 * request named, kept from now on when this is that request (REQUEST, its
 * first four bytes OP, HAVE_OP, and KEEP); false when no request of it was
 * seen.  *EARLIER: the operation is not the one this packet alone shows. */
static bool afs_operation(const struct packet *p, const struct afs_call *key, bool request, bool have_op, bool keep,
			  uint32_t *op, bool *earlier)
{
	*earlier = false;
	if (!p->session)
		return request && have_op;
	GHashTable *calls = session_conv_data(p->session, p, PROTO_AFS, afs_calls_new, afs_calls_free);
	gpointer got;
	if (g_hash_table_lookup_extended(calls, key, NULL, &got)) {
		*earlier = !request || *op != GPOINTER_TO_UINT(got);
		*op = GPOINTER_TO_UINT(got);
		return true;
	}
	if (!request || !have_op)
		return false;
	if (!keep)
		return true;
	if (g_hash_table_size(calls) >= AFS_CALLS_MAX)
		g_hash_table_remove_all(calls);
	g_hash_table_insert(calls, g_memdup2(key, sizeof *key), GUINT_TO_POINTER(*op));
	return true;
}

/* ---- the dissector ----------------------------------------------------- */

/* The Info of an AFS packet: "<service> Request|Reply: <operation> (<n>)",
 * "UBIK-" before a Ubik operation, "Encrypted <service> Request|Reply"
 * when the number is no operation; a reply whose request was not seen is
 * operation 0. */
static int afs_info(char *buf, size_t n, uint16_t port, bool reply, uint32_t op)
{
	const char *svc = NULL, *opname = NULL;
	const struct value_string *ops = NULL;
	char svcbuf[24], opbuf[24];
	for (size_t i = 0; i < G_N_ELEMENTS(afs_services); i++)
		if (afs_services[i].port == port) {
			svc = afs_services[i].name;
			ops = afs_services[i].ops;
		}
	if (!svc) {
		snprintf(svcbuf, sizeof svcbuf, "Unknown(%u)", port);
		svc = svcbuf;
	}
	const char *dir = reply ? "Reply" : "Request";
	if (op > AFS_OP_MAX)
		return snprintf(buf, n, "Encrypted %s %s", svc, dir);
	bool ubik = (op >= UBIK_VOTE_LOW && op <= UBIK_VOTE_HIGH) || (op >= UBIK_DISK_LOW && op <= UBIK_DISK_HIGH);
	if (ubik)
		ops = afs_ubik_ops;
	if (ops)
		opname = value_name(ops, op);
	if (!opname) {
		snprintf(opbuf, sizeof opbuf, "Unknown(%u)", op);
		opname = opbuf;
	}
	if (!ops)
		return snprintf(buf, n, "%s%s %s: %s", ubik ? "UBIK-" : "", svc, dir, opname);
	return snprintf(buf, n, "%s%s %s: %s (%u)", ubik ? "UBIK-" : "", svc, dir, opname, op);
}

/* The Info of the AFS body B (N bytes) after the RX header RX, in BUF;
 * KEEP: remember the call's operation.  0 when it has none (a request
 * too short to name its operation).  *EARLIER: earlier packets decided it. */
static size_t afs_text(char *buf, size_t size, const struct packet *p, const uint8_t *rx, const uint8_t *b,
		       uint32_t n, bool keep, bool *earlier)
{
	bool reply = !(rx[21] & 0x01);
	struct afs_call key = {fv_get32(rx, true), fv_get32(rx + 4, true), fv_get32(rx + 8, true)};
	bool have_op = n >= 4;
	uint32_t op = have_op ? fv_get32(b, true) : 0;
	if (!afs_operation(p, &key, !reply, have_op, keep, &op, earlier))
		op = 0;
	if (!reply && !have_op)
		return 0;
	int len = afs_info(buf, size, reply ? p->sport : p->dport, reply, op);
	return len <= 0 ? 0 : (size_t)len < size ? (size_t)len : size - 1;
}

void dissect_afs(struct packet *p, struct cursor *c, const uint8_t *rx)
{
	int idx = pkt_push_layer(p, PROTO_AFS, c->off);
	if (idx < 0)
		return;
	if (cursor_rleft(c) == 0)
		p->layers[idx].flags |= PKT_TREE_ONLY;
	char info[96];
	bool earlier;
	size_t len = afs_text(info, sizeof info, p, rx, c->data + c->off, cursor_left(c), true, &earlier);
	if (len)
		pkt_set_app_info(p, PROTO_AFS, info, len);
	if (earlier)
		p->layers[idx].flags |= PKT_BY_SESSION; /* alone, the operation is another */
	cursor_skip(c, cursor_rleft(c));
}

/* ---- columns ----------------------------------------------------------- */

/* The Info worked out as the packet was dissected; for a datagram put
 * together from IP fragments, whose layers were read from its first
 * fragment, worked out again from its bytes. */
static void afs_columns(struct columns *c, const struct packet *p, int idx)
{
	col_proto(c, "AFS (RX)");
	col_clear(c);
	if (p->app_info_proto == PROTO_AFS) {
		col_append(c, "%s", p->app_info);
		return;
	}
	uint32_t n, rn;
	const uint8_t *b = col_layer_bytes(p, idx, &n);
	const uint8_t *rx = idx > 0 && p->layers[idx - 1].proto == PROTO_RX ? col_layer_bytes(p, idx - 1, &rn) : NULL;
	char info[96];
	bool earlier;
	if (b && rx && rn >= 28 && afs_text(info, sizeof info, p, rx, b, n, false, &earlier))
		col_append(c, "%s", info);
}

PROTOCOL_ID(AFS, "afs", "Andrew File System (AFS)");
const struct protocol proto_afs = {PROTO_AFS, .short_name = "AFS (RX)", .columns = afs_columns};

/* netlink_route.c — a netlink message of the route family (netlink.c
 * pushes it): the netlink header, whose type names the route message.
 */
#include "dissect/dissect.h"
#include "dissect/field.h"
#include "dissect/fieldval_give.h"
#include "dissect/netlink.h"
#include "dissect/protocol.h"

static const struct value_string netlink_route_type_vals[] = {
	{16, "Create network interface"}, {17, "Delete network interface"}, {18, "Get network interface"},
	{19, "Set network interface"}, {20, "Create IP address"}, {21, "Delete IP address"},
	{22, "Get IP address"}, {24, "Add network route"}, {25, "Delete network route"},
	{26, "Get network route"}, {28, "Add neighbor table entry"}, {29, "Delete neighbor table entry"},
	{30, "Get neighbor table entry"}, {0, NULL},
};

static const struct field_def netlink_route_fields[] = {
	{"netlink-route.nltype", "Message type", FT_UINT16, BASE_DEC, FIELD_VAR, 2, 0, netlink_route_type_vals},
};
FIELD_TABLE_DEFINE(netlink_route);

static void netlink_route_field_values(const struct packet *p, const struct layer *l, const uint8_t *d, uint32_t n,
				       const struct field_def *f, fvalue_fn fn, void *data)
{
	if (d)
		netlink_header_values(netlink_order(p, l), d, n, true, f->abbrev, fn, data);
}

/* Netlink-route shows no summary. */
static void netlink_route_columns(struct columns *c, G_GNUC_UNUSED const struct packet *p, G_GNUC_UNUSED int idx)
{
	col_proto(c, "Netlink route");
	col_clear(c);
}

PROTOCOL_ID(NETLINK_ROUTE, "netlink-route", "Linux rtnetlink (route netlink) protocol");
const struct protocol proto_netlink_route = {PROTO_NETLINK_ROUTE, .short_name = "rtnetlink", .columns = netlink_route_columns,
					     .values = netlink_route_field_values, .fields = &netlink_route_table};

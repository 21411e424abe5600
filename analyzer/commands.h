/* commands.h — one function per command; main.c only dispatches. */
#ifndef ANALYZE_COMMANDS_H
#define ANALYZE_COMMANDS_H

int cmd_rtt(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_hierarchy(int argc, char **argv);
int cmd_dests(int argc, char **argv);
int cmd_expert(int argc, char **argv);
int cmd_conv(int argc, char **argv);
int cmd_endpoints(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_upload(int argc, char **argv);
int cmd_tui(int argc, char **argv);
int cmd_findings(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_merge(int argc, char **argv);
/* A tshark command line (-r FILE [-Y F] [-q -z STAT] ...), argv[0] the program. */
int cmd_tshark(int argc, char **argv);

#endif

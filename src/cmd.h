/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd: the command table, tmux-style. One entry per command; the parser,
 * `help`, usage errors and tab completion all come from the table, and
 * batch mode and the dashboard run the very same entries.
 */
#ifndef WARREN_CMD_H
#define WARREN_CMD_H

#include <stddef.h>

#include "msg.h"

struct app;
struct job;

enum cmd_flag_kind {
	CMD_BOOL,   /* --durable */
	CMD_STR,    /* --exchange X */
	CMD_NUM,    /* --count N, within [min, max] */
	CMD_FLOAT,  /* --speed F */
	CMD_KV,	    /* --arg k=v, repeatable */
	CMD_CHOICE, /* --ack auto|manual */
};

struct cmd_flag {
	const char *name; /* without the dashes */
	enum cmd_flag_kind kind;
	const char *arg;  /* shown in usage: "N", "k=v", "auto|manual" */
	long long min, max;
	const char *help;
};

#define CMD_MAX_ARGS 16
#define CMD_MAX_FLAGS 64

struct cmd_args {
	const struct cmd_entry *entry;
	int argc;
	char *argv[CMD_MAX_ARGS];
	int nflags;
	struct {
		const struct cmd_flag *flag;
		char *value;
	} flags[CMD_MAX_FLAGS];
};

enum cmd_result { CMD_ERR = -1, CMD_OK = 0, CMD_PENDING = 1 };

/* What a positional argument completes to (one letter each in .complete). */
#define CMD_COMPLETE_QUEUE 'q'
#define CMD_COMPLETE_EXCHANGE 'e'
#define CMD_COMPLETE_CONSUMER 'c'
#define CMD_COMPLETE_COMMAND 'C'
#define CMD_COMPLETE_FILE 'f'
#define CMD_COMPLETE_WORD 'w' /* from .words */
#define CMD_COMPLETE_PROFILE 'p' /* a profile's name (or any URL) */

struct cmd_entry {
	const char *name;  /* may be two words: "declare queue" */
	const char *alias;
	const char *args;  /* positional usage: "QUEUE EXCHANGE [KEY]" */
	const char *help;  /* one line */
	int min_args, max_args;
	const struct cmd_flag *flags; /* ends with {0} */
	const char *complete;	      /* per positional, see CMD_COMPLETE_* */
	const char *words;	      /* for 'w': "on|off" */
	/* runs the command: CMD_OK, CMD_ERR, or CMD_PENDING when j waits (job.h) */
	enum cmd_result (*exec)(struct job *j, const struct cmd_args *args);
};

extern const struct cmd_entry *const cmd_table[];

/* Split a line into commands at ';' outside quotes. Returns count. */
int cmd_split_commands(const char *line, char ***out);
/* Split one command into words (quotes, escapes, # comments). */
int cmd_split_words(const char *text, char ***out, char *err, size_t errlen);
void cmd_free_words(char **w, int n);

/* How a word was written: quoted words are never flags; a variable's value
 * is never a flag nor a command's name. */
#define CMD_WORD_QUOTED 1
#define CMD_WORD_VAR 2

/* Words of a command line; literal[i]: CMD_WORD_* or 0. */
struct cmd_words {
	int n;
	size_t cap;
	char **w;
	unsigned char *literal;
};
void cmd_words_add(struct cmd_words *w, const char *word, int literal);
void cmd_words_free(struct cmd_words *w);

/* Variables ($queue): lookup returns the value, or NULL (with err set when
 * the variable exists but has no value yet, else it is not a variable). */
struct cmd_vars {
	const char *(*lookup)(void *ctx, const char *name, char *err, size_t errlen);
	void *ctx;
};
/*
 * Split and expand: an unquoted word that is exactly $NAME (or the value of
 * --flag=$NAME) becomes the value, as one literal word that is never a flag
 * or a command. Returns the number of words, or -1 (err says why).
 */
int cmd_split_words_vars(const char *text, const struct cmd_vars *vars, struct cmd_words *out,
			 char *err, size_t errlen);

/* A word as one would type it: in double quotes unless plain. Never
 * parsed again by warren: for showing a command, and for completion. */
char *cmd_quote(const char *word);

/* Find the entry for words; *used = words it took (1 or 2). */
const struct cmd_entry *cmd_lookup(char **w, int n, int *used);
int cmd_parse(char **w, int n, struct cmd_args *out, char *err, size_t errlen);
/* The same; words marked literal are arguments, never flags or command names. */
int cmd_parse_words(char **w, int n, const unsigned char *literal, struct cmd_args *out,
		    char *err, size_t errlen);
void cmd_args_free(struct cmd_args *a);

/*
 * Parse what job j runs into j->args: its line of text (split, $queue
 * expanded), or its command name with arguments taken as they are (never
 * split, expanded or taken for flags: how the UI, workers and lessons run a
 * command on data). Errors go to the app's log; -1 then.
 */
int cmd_prepare(struct app *a, struct job *j);
/* The entry with exactly this name, or NULL. */
const struct cmd_entry *cmd_find(const char *name);

/* Usage line generated from the table ("publish [--exchange X] KEY BODY ..."). */
char *cmd_usage(const struct cmd_entry *e);
/* Nearest command name to a mistyped one, or NULL. */
const char *cmd_suggest(const char *word);

/* connect (and reconnect) to url. */
enum cmd_result cmd_connect_url(struct job *j, const char *url);
/* The same with connect's --mgmt-url (NULL: the broker view follows; "none"). */
enum cmd_result cmd_connect_mgmt(struct job *j, const char *url, const char *mgmt);
/* connect PROFILE (cmd_profile.c): its URL, TLS files and management URL. */
enum cmd_result cmd_profile_connect(struct job *j, const char *name, const char *mgmt);

/* Reading parsed flags. */
const char *cmd_arg_str(const struct cmd_args *a, const char *flag);
int cmd_arg_has(const struct cmd_args *a, const char *flag);
long long cmd_arg_num(const struct cmd_args *a, const char *flag, long long def);
double cmd_arg_float(const struct cmd_args *a, const char *flag, double def);
struct msg_kv *cmd_arg_kv(const struct cmd_args *a, const char *flag);
/* "#5" or "5" -> 5; 0 when not a message number. */
unsigned long long cmd_msg_number(const char *s);

/* The entries, defined next to their exec functions. */
extern const struct cmd_entry cmd_connect_entry, cmd_disconnect_entry, cmd_status_entry,
	cmd_help_entry, cmd_quit_entry, cmd_sleep_entry, cmd_wait_entry, cmd_qos_entry,
	cmd_confirm_entry, cmd_declare_queue_entry, cmd_declare_exchange_entry, cmd_bind_entry,
	cmd_unbind_entry, cmd_delete_queue_entry, cmd_delete_exchange_entry, cmd_purge_entry,
	cmd_publish_entry, cmd_consume_entry, cmd_cancel_entry, cmd_ack_entry, cmd_nack_entry,
	cmd_reject_entry, cmd_get_entry, cmd_show_message_entry, cmd_filter_entry, cmd_sort_entry,
	cmd_pause_entry, cmd_layout_entry, cmd_resume_entry, cmd_worker_add_entry, cmd_worker_kill_entry,
	cmd_worker_pause_entry, cmd_worker_resume_entry, cmd_worker_rm_entry, cmd_worker_list_entry,
	cmd_worker_log_entry, cmd_worker_speed_entry, cmd_stats_reset_entry, cmd_dist_entry,
	cmd_broker_restart_entry, cmd_broker_kill_entry, cmd_broker_start_entry, cmd_reconnect_entry,
	cmd_echo_entry, cmd_tutorial_entry, cmd_lesson_entry, cmd_next_entry, cmd_back_entry,
	cmd_again_entry, cmd_skip_entry, cmd_record_start_entry, cmd_record_stop_entry,
	cmd_replay_entry;
/* the broker view (cmd_list.c) */
extern const struct cmd_entry cmd_list_connections_entry, cmd_list_queues_entry,
	cmd_list_consumers_entry, cmd_list_channels_entry, cmd_list_exchanges_entry,
	cmd_list_bindings_entry, cmd_list_nodes_entry, cmd_show_queue_entry, cmd_refresh_entry;
/* definitions, policies and vhosts through the management API (cmd_admin.c) */
extern const struct cmd_entry cmd_export_definitions_entry, cmd_import_definitions_entry,
	cmd_declare_policy_entry, cmd_delete_policy_entry, cmd_declare_vhost_entry,
	cmd_delete_vhost_entry;

#endif

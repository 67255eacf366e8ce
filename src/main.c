/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main: options, the choice between batch mode and the dashboard, the
 * sandbox broker, signals, and an orderly shutdown.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "app.h"
#include "batch.h"
#include "completion.h"
#include "mgmt.h"
#include "profile.h"
#include "sandbox.h"
#include "text.h"
#include "tui.h"
#include "uri.h"
#include "version.h"

#define MAIN_DEFAULT_URL "amqp://guest:guest@localhost:5672/"

/* The options as --help shows them; --completion reads the argument names here too. */
static const char main_usage_text[] =
	"usage: warren [options] [URL]\n"
	"  URL                  amqp://user:pass@host:port/vhost (or amqps://); default\n"
	"                       $WARREN_URL, else " MAIN_DEFAULT_URL "\n"
	"  --url URL            the same as the URL argument; given again, more nodes\n"
	"                       of the same cluster (also amqp://h1:5672,h2:5673/)\n"
	"  -P, --profile NAME   connect to the broker of profile NAME in the config file\n"
	"  --config FILE        the config file (default ~/.config/warren/config)\n"
	"  --profiles           list the profiles (no secrets) and exit\n"
	"  --names              with --profiles: only the names, one a line\n"
	"  --sandbox            start a private RabbitMQ node on 127.0.0.1 and use it\n"
	"  --nodes N            with --sandbox: a private cluster of N nodes\n"
	"  --sandbox-dir DIR    use a sandbox started by warren-sandbox (left running)\n"
	"  --batch              read commands from stdin, print one line per event\n"
	"  -c, --command CMDS   run commands (separated by ';') in batch mode\n"
	"  --script FILE        run the commands in FILE in batch mode\n"
	"  --json               batch output as one JSON object per line\n"
	"  --echo               batch: print each command before it runs\n"
	"  --heartbeat SECONDS  AMQP heartbeat (default 30, 0 off)\n"
	"  --no-reconnect       do not reconnect when the connection drops\n"
	"  --cacert FILE        CA certificate for amqps:// (peer verification is on)\n"
	"  --cert FILE --key FILE   client certificate and key for amqps://\n"
	"  --insecure           do not verify the broker's certificate\n"
	"  --log-size N         messages kept in the log (default 10000)\n"
	"  --mgmt-url URL       management API (default: the broker's host, port 15672,\n"
	"                       same user and password; 'none' to do without)\n"
	"  --refresh SECONDS    how often the broker view is polled (default 2)\n"
	"  --vhost VHOST        the broker view shows only this vhost\n"
	"  --completion bash|zsh|fish   print the shell completion script\n"
	"  -h, --help           this help\n"
	"  -V, --version        the version, the libraries' versions and the license\n"
	"Type 'help' at the prompt (or in a script) for the commands.\n";

static void main_usage(FILE *f)
{
	fputs(main_usage_text, f);
}

enum {
	OPT_URL = 256,
	OPT_SANDBOX,
	OPT_SANDBOX_DIR,
	OPT_NODES,
	OPT_BATCH,
	OPT_SCRIPT,
	OPT_JSON,
	OPT_ECHO,
	OPT_HEARTBEAT,
	OPT_NO_RECONNECT,
	OPT_CACERT,
	OPT_CERT,
	OPT_KEY,
	OPT_INSECURE,
	OPT_LOG_SIZE,
	OPT_MGMT_URL,
	OPT_REFRESH,
	OPT_VHOST,
	OPT_CONFIG,
	OPT_PROFILES,
	OPT_NAMES,
	OPT_COMPLETION,
};

static const struct option main_options[] = {
	{"url", required_argument, NULL, OPT_URL},
	{"sandbox", no_argument, NULL, OPT_SANDBOX},
	{"sandbox-dir", required_argument, NULL, OPT_SANDBOX_DIR},
	{"nodes", required_argument, NULL, OPT_NODES},
	{"batch", no_argument, NULL, OPT_BATCH},
	{"command", required_argument, NULL, 'c'},
	{"script", required_argument, NULL, OPT_SCRIPT},
	{"json", no_argument, NULL, OPT_JSON},
	{"echo", no_argument, NULL, OPT_ECHO},
	{"heartbeat", required_argument, NULL, OPT_HEARTBEAT},
	{"no-reconnect", no_argument, NULL, OPT_NO_RECONNECT},
	{"cacert", required_argument, NULL, OPT_CACERT},
	{"cert", required_argument, NULL, OPT_CERT},
	{"key", required_argument, NULL, OPT_KEY},
	{"insecure", no_argument, NULL, OPT_INSECURE},
	{"log-size", required_argument, NULL, OPT_LOG_SIZE},
	{"mgmt-url", required_argument, NULL, OPT_MGMT_URL},
	{"refresh", required_argument, NULL, OPT_REFRESH},
	{"vhost", required_argument, NULL, OPT_VHOST},
	{"profile", required_argument, NULL, 'P'},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"profiles", no_argument, NULL, OPT_PROFILES},
	{"names", no_argument, NULL, OPT_NAMES},
	{"completion", required_argument, NULL, OPT_COMPLETION},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{0},
};

struct main_args {
	struct app_opts opt;
	struct batch_input in;
	char *commands;
	int batch;
	const char *sandbox_dir;
	char *joined_url; /* --url given more than once */
	int mgmt_given; /* --mgmt-url was given (possibly 'none') */
	char *mgmt_url; /* derived from the AMQP URL: ours to free */
	const char *config;  /* --config FILE */
	const char *profile; /* -P NAME */
	int list_profiles, names_only;
	const char *completion; /* --completion SHELL */
	int heartbeat_given;
	struct profile_set profiles;
	struct profile_conn conn; /* what the profile says, when one is used */
};

/* Another --url (or the URL argument): more nodes of the same broker. */
static int main_add_url(struct main_args *m, const char *url)
{
	char err[256], *joined;

	if (!m->opt.url) {
		m->opt.url = (char *)url;
		return 0;
	}
	joined = uri_join(m->opt.url, url, err, sizeof err);
	if (!joined) {
		fprintf(stderr, "warren: --url %s: %s\n", url, err);
		return -1;
	}
	free(m->joined_url);
	m->joined_url = joined;
	m->opt.url = joined;
	return 0;
}

static int main_number(const char *opt, const char *v, long min, long max, long *out)
{
	char *end;
	long x = strtol(v, &end, 10);

	if (!*v || *end || x < min || x > max) {
		fprintf(stderr, "warren: %s wants a number from %ld to %ld, not '%s'\n", opt, min,
			max, v);
		return -1;
	}
	*out = x;
	return 0;
}

static int main_seconds(const char *opt, const char *v, double min, double max, double *out)
{
	char *end;
	double x = strtod(v, &end);

	if (!*v || *end || !(x >= min && x <= max)) {
		fprintf(stderr, "warren: %s wants seconds from %g to %g, not '%s'\n", opt, min, max,
			v);
		return -1;
	}
	*out = x;
	return 0;
}

/*
 * The management URL: given, 'none', or derived from the AMQP URL (a bad
 * AMQP URL gets none: the connect command says what is wrong with it).
 */
static void main_mgmt_url(struct main_args *m)
{
	char err[512];

	if (m->mgmt_given) {
		if (!strcmp(m->opt.mgmt_url, "none") || !*m->opt.mgmt_url)
			m->opt.mgmt_url = NULL;
		return;
	}
	if (m->conn.mgmt_url) { /* a profile's: it still follows a connect elsewhere */
		m->opt.mgmt_url = strcmp(m->conn.mgmt_url, "none") ? m->conn.mgmt_url : NULL;
		return;
	}
	if (m->opt.url) /* else the sandbox says where its API is */
		m->opt.mgmt_url = m->mgmt_url = mgmt_default_url(m->opt.url, err, sizeof err);
}

/* The config file: --config FILE, else the default one, which may be missing. */
static int main_config(struct main_args *m)
{
	char err[1024];

	if (m->names_only && !m->list_profiles) {
		fprintf(stderr, "warren: --names goes with --profiles\n");
		return -1;
	}
	if (m->completion)
		return 0;
	if (profile_load(m->config, &m->profiles, err, sizeof err) < 0) {
		fprintf(stderr, "warren: %s\n", err);
		return -1;
	}
	return 0;
}

/*
 * -P NAME: each setting of the profile applies unless the command line (or,
 * for the URL, $WARREN_URL) gives it: command line > environment > profile
 * > defaults. Its password is fetched only when its URL is the one used.
 */
static int main_profile(struct main_args *m)
{
	const char *env = getenv("WARREN_URL"), *over = m->opt.url;
	const struct profile *p;
	char err[1024];

	if (!m->profile)
		return 0;
	if (!(p = profile_find(&m->profiles, m->profile))) {
		profile_unknown(&m->profiles, m->profile, err, sizeof err);
		fprintf(stderr, "warren: %s\n", err);
		return -1;
	}
	if (m->opt.sandbox || m->sandbox_dir) {
		fprintf(stderr, "warren: --profile names a broker, --sandbox brings one: not both\n");
		return -1;
	}
	if (!over && env && *env)
		over = env;
	if (profile_resolve(&m->profiles, p, over, &m->conn, err, sizeof err) < 0) {
		fprintf(stderr, "warren: %s\n", err);
		return -1;
	}
	if (over)
		fprintf(stderr, "warren: note: the URL of %s overrides profile %s's\n",
			m->opt.url ? "the command line" : "$WARREN_URL", p->name);
	else
		m->opt.url = m->conn.url;
	if (!m->opt.cacert)
		m->opt.cacert = (char *)m->conn.cacert;
	if (!m->opt.cert)
		m->opt.cert = (char *)m->conn.cert;
	if (!m->opt.key)
		m->opt.key = (char *)m->conn.key;
	if (!m->heartbeat_given && m->conn.heartbeat >= 0)
		m->opt.heartbeat = m->conn.heartbeat;
	/* NO_COLOR in the environment wins over color = on */
	if (p->color == PROFILE_COLOR_OFF && !getenv("NO_COLOR"))
		setenv("NO_COLOR", "1", 1);
	return 0;
}

/* One option from getopt_long; -1 when it is wrong (said on stderr). */
static int main_option(int c, struct main_args *m)
{
	long n;

	switch (c) {
	case OPT_URL: return main_add_url(m, optarg);
	case OPT_NODES:
		if (main_number("--nodes", optarg, 1, 9, &n) < 0)
			return -1;
		m->opt.nodes = (int)n;
		return 0;
	case OPT_SANDBOX: m->opt.sandbox = 1; return 0;
	case OPT_SANDBOX_DIR: m->sandbox_dir = optarg; return 0;
	case OPT_BATCH: m->batch = 1; return 0;
	case 'c': {
		char *joined = m->commands ? msg_printf("%s; %s", m->commands, optarg)
					   : msg_strdup(optarg);

		free(m->commands);
		m->commands = joined;
		m->batch = 1;
		return 0;
	}
	case OPT_SCRIPT: m->in.script = optarg; m->batch = 1; return 0;
	case OPT_JSON: m->opt.json = 1; return 0;
	case OPT_ECHO: m->opt.echo = 1; return 0;
	case OPT_HEARTBEAT:
		if (main_number("--heartbeat", optarg, 0, 3600, &n) < 0)
			return -1;
		m->opt.heartbeat = (int)n;
		m->heartbeat_given = 1;
		return 0;
	case OPT_NO_RECONNECT: m->opt.reconnect = 0; return 0;
	case OPT_CACERT: m->opt.cacert = optarg; return 0;
	case OPT_CERT: m->opt.cert = optarg; return 0;
	case OPT_KEY: m->opt.key = optarg; return 0;
	case OPT_INSECURE: m->opt.insecure = 1; return 0;
	case OPT_LOG_SIZE:
		if (main_number("--log-size", optarg, 100, 10000000, &n) < 0)
			return -1;
		m->opt.log_size = (size_t)n;
		return 0;
	case OPT_MGMT_URL: m->opt.mgmt_url = optarg; m->mgmt_given = 1; return 0;
	case OPT_REFRESH: return main_seconds("--refresh", optarg, 0.1, 3600, &m->opt.refresh);
	case OPT_VHOST: m->opt.vhost = optarg; return 0;
	case 'P': m->profile = optarg; return 0;
	case OPT_CONFIG: m->config = optarg; return 0;
	case OPT_PROFILES: m->list_profiles = 1; return 0;
	case OPT_NAMES: m->names_only = 1; return 0;
	case OPT_COMPLETION: m->completion = optarg; return 0;
	case 'h': main_usage(stdout); exit(0);
	case 'V': version_print(stdout); exit(0);
	default: main_usage(stderr); return -1;
	}
}

/* Options that do not go together, and the URL when none was given. */
static int main_check(struct main_args *m)
{
	if (!m->opt.url && !m->opt.sandbox && !m->sandbox_dir)
		m->opt.url = getenv("WARREN_URL") && *getenv("WARREN_URL") ? getenv("WARREN_URL")
									  : MAIN_DEFAULT_URL;
	if (m->opt.url && (m->opt.sandbox || m->sandbox_dir)) {
		fprintf(stderr, "warren: --sandbox and --sandbox-dir bring their own broker: give no "
				"URL with them\n");
		return -1;
	}
	if (m->opt.nodes > 1 && !m->opt.sandbox) {
		fprintf(stderr, "warren: --nodes goes with --sandbox\n");
		return -1;
	}
	if (m->opt.sandbox && m->sandbox_dir) {
		fprintf(stderr, "warren: --sandbox or --sandbox-dir, not both\n");
		return -1;
	}
	return 0;
}

static int main_parse(int argc, char **argv, struct main_args *m)
{
	int c;

	m->opt.heartbeat = 30;
	m->opt.reconnect = 1;
	m->opt.log_size = 10000;
	m->opt.nodes = 1;
	m->opt.refresh = 2;
	while ((c = getopt_long(argc, argv, "c:hVP:", main_options, NULL)) != -1)
		if (main_option(c, m) < 0)
			return -1;
	for (; optind < argc; optind++)
		if (main_add_url(m, argv[optind]) < 0)
			return -1;
	if (m->completion || m->list_profiles)
		return main_config(m);
	if (main_config(m) < 0 || main_profile(m) < 0 || main_check(m) < 0)
		return -1;
	m->in.commands = m->commands;
	m->opt.mgmt_given = m->mgmt_given;
	main_mgmt_url(m);
	return 0;
}

/* Signals arrive through a signalfd in the loop, never in a handler. */
static int main_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGQUIT);
	sigaddset(set, SIGWINCH);
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, set, NULL) < 0)
		return -1;
	return signalfd(-1, set, SFD_NONBLOCK | SFD_CLOEXEC);
}

/* A second quit signal: the exit status (128 + signal), or 0 while there was none. */
static int main_abandon_code;

/*
 * The first SIGINT/SIGTERM/SIGHUP/SIGQUIT starts the orderly quit (nack
 * what is unacked, close the connection), which waits for the broker; a
 * signal while that (or a typed quit) is under way stops the loop at once,
 * and main() exits without waiting for the threads.
 */
static void main_on_signal(void *arg, int fd, short revents)
{
	struct app *a = arg;
	struct signalfd_siginfo si;

	while (read(fd, &si, sizeof si) == (ssize_t)sizeof si) {
		if (a->view && a->view->signal && a->view->signal(a, (int)si.ssi_signo))
			continue;
		if (si.ssi_signo == SIGWINCH)
			continue;
		if (!a->quitting) {
			app_quit(a, a->jobs.failures ? 1 : 0);
			continue;
		}
		main_abandon_code = 128 + (int)si.ssi_signo;
		loop_quit(a->loop, main_abandon_code);
	}
}

/*
 * After a second signal: the network thread may be stuck with a broker that
 * does not answer, so nothing waits for it. The kernel closes the
 * connection as the process ends, and the broker requeues what was unacked.
 */
static void main_abandon(struct app *a, struct sandbox *sb)
{
	unsigned long long n = a->model.unacked_total;
	char count[32] = "";

	/* the orderly quit may have nacked them already: the broker has not seen it yet */
	if (n)
		snprintf(count, sizeof count, " (%llu)", n);
	fflush(stdout);
	fprintf(stderr,
		"warren: stopped at once (second signal), without waiting for the broker; the "
		"broker puts every message warren had not acked%s back in its queue when the "
		"connection closes, which is now\n",
		count);
	sandbox_stop(sb); /* kills the broker by its PID: does not wait for it either */
	_exit(main_abandon_code);
}

/* "connect URL" as a command line, the URL quoted for the word splitter. */
static char *main_connect_line(const char *url)
{
	size_t n = strlen(url), i, o = 0;
	char *q = msg_alloc(2 * n + 16);

	o += (size_t)sprintf(q, "connect \"");
	for (i = 0; i < n; i++) {
		if (url[i] == '"' || url[i] == '\\')
			q[o++] = '\\';
		q[o++] = url[i];
	}
	q[o++] = '"';
	return q;
}

/* --completion SHELL, --profiles: print and exit. */
static int main_print(struct main_args *m)
{
	char err[256];
	int code = 0;

	if (m->completion) {
		if (completion_print(stdout, m->completion, main_options, main_usage_text, err,
				     sizeof err) < 0) {
			fprintf(stderr, "warren: --completion: %s\n", err);
			code = 2;
		}
	} else {
		profile_list(&m->profiles, stdout, m->names_only);
	}
	profile_set_free(&m->profiles);
	free(m->commands);
	free(m->joined_url);
	return code;
}

int main(int argc, char **argv)
{
	struct main_args m = {0};
	struct sandbox *sb = NULL;
	struct app a;
	sigset_t set;
	char err[512], *line;
	int sfd, code;

	text_init_locale();
	if (main_parse(argc, argv, &m) < 0) {
		profile_set_free(&m.profiles);
		profile_conn_free(&m.conn);
		free(m.commands);
		free(m.joined_url);
		return 2;
	}
	if (m.completion || m.list_profiles)
		return main_print(&m);
	if (!m.batch && (!isatty(0) || !isatty(1)))
		m.batch = 1;
	if (m.batch && !m.in.commands && !m.in.script)
		m.in.use_stdin = 1;
	/* said before anything connects; the dashboard shows it as a warning line */
	if (m.batch && m.opt.insecure)
		fprintf(stderr, "warren: warning: --insecure: the broker's TLS certificate is not "
				"verified; anyone on the path can pose as the broker and read the "
				"password\n");
	/* a script asks for the broker view when it wants it: no polling meanwhile */
	m.opt.mgmt_lazy = m.batch;
	if (m.opt.sandbox) {
		sb = sandbox_start(m.opt.nodes, err, sizeof err);
		if (!sb) {
			fprintf(stderr, "warren: %s\n", err);
			return 2;
		}
		m.opt.url = sb->url;
		fprintf(stderr, "warren: sandbox broker up: %s, management %s, data in %s (removed on exit)\n",
			sb->url, sb->mgmt_url ? sb->mgmt_url : "-", sb->dir);
	} else if (m.sandbox_dir) {
		sb = sandbox_attach(m.sandbox_dir, err, sizeof err);
		if (!sb) {
			fprintf(stderr, "warren: %s\n", err);
			return 2;
		}
		m.opt.url = sb->url;
	}
	/* a sandbox says where its management API is */
	if (sb && !m.mgmt_given)
		m.opt.mgmt_url = sb->mgmt_url;
	sfd = main_signals(&set);
	if (sfd < 0 || app_init(&a, &m.opt, err, sizeof err) < 0) {
		fprintf(stderr, "warren: %s\n", sfd < 0 ? "cannot set up signals" : err);
		sandbox_stop(sb);
		return 2;
	}
	a.sandbox = sb;
	a.profiles = &m.profiles;
	loop_add_fd(a.loop, sfd, main_on_signal, &a);
	line = main_connect_line(m.opt.url);
	app_submit(&a, line);
	free(line);
	if (m.batch)
		code = batch_run(&a, &m.in);
	else
		code = tui_run(&a);
	if (main_abandon_code)
		main_abandon(&a, sb);
	app_fini(&a);
	close(sfd);
	sandbox_stop(sb);
	free(m.commands);
	free(m.joined_url);
	free(m.mgmt_url);
	profile_conn_free(&m.conn);
	profile_set_free(&m.profiles);
	return code;
}

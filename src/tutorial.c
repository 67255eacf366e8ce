/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * tutorial: the RabbitMQ tutorials (and the seed document's scenes) as
 * lessons warren runs live.
 *
 * A scene is a list of steps: something to say, a command, and what to look
 * at afterwards. In the dashboard, `tutorial N` says the first step and
 * types its command into the command line; when the user has run it (Enter)
 * and it finished, warren says what to look at and types the next one.
 * With --auto (and always in batch mode) the scene runs on by itself: it is
 * expanded into ordinary commands (echo, the command, sleep) ahead of
 * everything else in the queue, so a scene is exactly a script.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmd.h"
#include "job.h"
#include "sandbox.h"
#include "worker.h"

#define TUT_SANDBOX 0x1 /* needs warren's own sandbox broker */
#define TUT_CLUSTER 0x2 /* needs a sandbox cluster of 3 nodes (--sandbox --nodes 3) */

struct tut_step {
	const char *say;
	const char *cmd;
	const char *look;
	double wait; /* seconds of simulated work to wait for (scaled by --speed) */
	int flags;
};

struct tut_scene {
	const char *title;
	const struct tut_step *steps;
};

static const struct tut_step tut_hello[] = {
	{"One producer, one queue, one consumer. Declaring is idempotent: the queue is "
	 "made once, however often it is declared.",
	 "declare queue hello", "The Queues pane lists hello.", 0, 0},
	{"send.py: publish to the default exchange; the routing key names the queue.",
	 "publish hello \"Hello World!\"", "hello now holds 1 ready message.", 0, 0},
	{"receive.py: consume with auto-ack (no_ack=True): the broker forgets each message "
	 "as soon as it is sent.",
	 "consume hello --ack auto --tag receive",
	 "The message arrived with status auto: nobody will ever ack it.", 0.5, 0},
	{"Stop the receiver (Ctrl-C in the tutorial).", "cancel receive", NULL, 0, 0},
	{NULL, NULL, NULL, 0, 0},
};

static const struct tut_step tut_work[] = {
	{"A durable work queue; each '.' in a task is one second of work.",
	 "declare queue task_queue --durable", NULL, 0, 0},
	{"Start from an empty queue.", "purge task_queue", NULL, 0, 0},
	{"Two workers, as in two terminals running worker.py (auto-ack first).",
	 "worker add w1 task_queue --ack auto", NULL, 0, 0},
	{NULL, "worker add w2 task_queue --ack auto", NULL, 0, 0},
	{"new_task.py: six dotted tasks, persistent.",
	 "publish task_queue \"Task {n}....\" --persistent --count 6",
	 "Round-robin: w1 gets tasks 1, 3, 5 and w2 gets 2, 4, 6, whatever each is doing.", 12.5,
	 0},
	{"Which worker got which task:", "worker log", NULL, 0, 0},
	{"Now kill a worker that uses auto-ack while it holds tasks.",
	 "publish task_queue \"Job {n}....\" --count 4", NULL, 0.5, 0},
	{NULL, "worker kill w1",
	 "w1 was sent its jobs with auto-ack: killed, they are simply lost (0 went back).", 8.5,
	 0},
	{NULL, "worker list", NULL, 0, 0},
	{"Message acknowledgement: manual-ack workers ack each task when it is done.",
	 "worker rm w2", NULL, 0, 0},
	{NULL, "worker add w3 task_queue", NULL, 0, 0},
	{NULL, "worker add w4 task_queue", NULL, 0, 0},
	{NULL, "publish task_queue \"Acked {n}....\" --persistent --count 4", NULL, 0.5, 0},
	{"Kill w3 in the middle of its work.", "worker kill w3",
	 "Its unacked tasks went back to the queue and w4 gets them, flagged redelivered (R).",
	 16.5, 0},
	{NULL, "worker log", NULL, 0, 0},
	{"Durability: durable queue + persistent messages survive a broker restart.",
	 "worker rm w4", NULL, 0, 0},
	{NULL, "publish task_queue \"Kept {n}\" --persistent --count 3", NULL, 0, 0},
	{NULL, "declare queue transient_demo", NULL, 0, 0},
	{NULL, "publish transient_demo \"lost {n}\" --count 2", NULL, 0, 0},
	{"Restart the broker (warren's sandbox); warren reconnects by itself.", "broker restart",
	 NULL, 0, TUT_SANDBOX},
	{NULL, "wait 60", NULL, 0, TUT_SANDBOX},
	{NULL, "declare queue task_queue --durable --passive",
	 "task_queue still holds its 3 persistent messages.", 0, TUT_SANDBOX},
	{NULL, "declare queue transient_demo",
	 "transient_demo was not durable: it comes back empty (0 messages).", 0, TUT_SANDBOX},
	{"Fair dispatch: with qos 1 a worker gets a new task only after acking the last.",
	 "purge task_queue", NULL, 0, 0},
	{NULL, "qos 1", NULL, 0, 0},
	{NULL, "worker add w5 task_queue", NULL, 0, 0},
	{NULL, "worker add w6 task_queue", NULL, 0, 0},
	{NULL, "publish task_queue \"Long task {n}..........\"", NULL, 0, 0},
	{NULL, "publish task_queue \"Short task {n}.\" --count 5",
	 "The long task keeps one worker busy; the other takes every short task.", 10.5, 0},
	{NULL, "worker log", NULL, 0, 0},
	{"Done: stop the workers.", "worker rm w5", NULL, 0, 0},
	{NULL, "worker rm w6", NULL, 0, 0},
	{NULL, "qos 0", NULL, 0, 0},
	{NULL, NULL, NULL, 0, 0},
};

static const struct tut_step tut_pubsub[] = {
	{"Publish/subscribe: a fanout exchange copies every message to every bound queue.",
	 "declare exchange logs --type fanout", NULL, 0, 0},
	{"Each receive_logs.py declares an exclusive queue with a name the broker picks.",
	 "declare queue --exclusive", "$queue is the name the broker chose.", 0, 0},
	{NULL, "bind $queue logs", NULL, 0, 0},
	{NULL, "worker add logger1 $queue --ack auto --work ms:0", NULL, 0, 0},
	{NULL, "declare queue --exclusive", NULL, 0, 0},
	{NULL, "bind $queue logs", NULL, 0, 0},
	{NULL, "worker add logger2 $queue --ack auto --work ms:0", NULL, 0, 0},
	{"emit_log.py: the routing key does not matter to a fanout exchange.",
	 "publish --exchange logs \"\" \"info: Hello World! {n}\" --count 3",
	 "Both loggers received all three messages.", 0.5, 0},
	{NULL, "worker log", NULL, 0, 0},
	{NULL, "worker rm logger1", NULL, 0, 0},
	{NULL, "worker rm logger2", NULL, 0, 0},
	{NULL, NULL, NULL, 0, 0},
};

static const struct tut_step tut_routing[] = {
	{"Routing: a direct exchange delivers by exact routing key.",
	 "declare exchange direct_logs --type direct", NULL, 0, 0},
	{"One receiver wants only errors...", "declare queue --exclusive", NULL, 0, 0},
	{NULL, "bind $queue direct_logs error", NULL, 0, 0},
	{NULL, "worker add errors $queue --ack auto --work ms:0", NULL, 0, 0},
	{"...the other wants info, warning and error.", "declare queue --exclusive", NULL, 0, 0},
	{NULL, "bind $queue direct_logs info", NULL, 0, 0},
	{NULL, "bind $queue direct_logs warning", NULL, 0, 0},
	{NULL, "bind $queue direct_logs error", NULL, 0, 0},
	{NULL, "worker add all $queue --ack auto --work ms:0", NULL, 0, 0},
	{"emit_log_direct.py with three severities.",
	 "publish --exchange direct_logs info \"1 info: all is well\"", NULL, 0, 0},
	{NULL, "publish --exchange direct_logs warning \"2 warning: disk 80%\"", NULL, 0, 0},
	{NULL, "publish --exchange direct_logs error \"3 error: disk full\"",
	 "errors got only message 3; all got 1, 2 and 3.", 0.5, 0},
	{NULL, "worker log", NULL, 0, 0},
	{NULL, "worker rm errors", NULL, 0, 0},
	{NULL, "worker rm all", NULL, 0, 0},
	{NULL, NULL, NULL, 0, 0},
};

static const struct tut_step tut_topics[] = {
	{"Topics: * matches exactly one word, # matches zero or more.",
	 "declare exchange topic_logs --type topic", NULL, 0, 0},
	{NULL, "declare queue --exclusive", NULL, 0, 0},
	{NULL, "bind $queue topic_logs *.orange.*", NULL, 0, 0},
	{NULL, "worker add orange $queue --ack auto --work ms:0", NULL, 0, 0},
	{NULL, "declare queue --exclusive", NULL, 0, 0},
	{NULL, "bind $queue topic_logs *.*.rabbit", NULL, 0, 0},
	{NULL, "bind $queue topic_logs lazy.#", NULL, 0, 0},
	{NULL, "worker add lazy $queue --ack auto --work ms:0", NULL, 0, 0},
	{"Six messages with three-word keys.",
	 "publish --exchange topic_logs quick.orange.rabbit \"1 quick.orange.rabbit\"", NULL, 0,
	 0},
	{NULL, "publish --exchange topic_logs lazy.orange.elephant \"2 lazy.orange.elephant\"",
	 NULL, 0, 0},
	{NULL, "publish --exchange topic_logs quick.orange.fox \"3 quick.orange.fox\"", NULL, 0, 0},
	{NULL, "publish --exchange topic_logs lazy.brown.fox \"4 lazy.brown.fox\"", NULL, 0, 0},
	{NULL, "publish --exchange topic_logs lazy.pink.rabbit \"5 lazy.pink.rabbit\"", NULL, 0,
	 0},
	{NULL, "publish --exchange topic_logs quick.brown.fox \"6 quick.brown.fox\"",
	 "orange got 1, 2, 3; lazy got 1, 2, 4, 5 (5 only once, though it matches both); "
	 "nobody got 6.",
	 0.5, 0},
	{NULL, "worker log", NULL, 0, 0},
	{NULL, "worker rm orange", NULL, 0, 0},
	{NULL, "worker rm lazy", NULL, 0, 0},
	{NULL, NULL, NULL, 0, 0},
};

static const struct tut_step tut_rpc[] = {
	{"RPC: the server consumes rpc_queue and answers on each request's reply_to.",
	 "declare queue rpc_queue", NULL, 0, 0},
	{NULL, "worker add rpcserver rpc_queue --rpc --work ms:0", NULL, 0, 0},
	{"The client declares an exclusive callback queue and consumes from it.",
	 "declare queue --exclusive", NULL, 0, 0},
	{NULL, "consume $queue --ack auto --tag rpcclient", NULL, 0, 0},
	{"Call fib(30): reply_to names the callback queue, correlation_id matches the answer.",
	 "publish rpc_queue 30 --reply-to $queue --correlation-id call-1",
	 "The client got 832040 with correlation_id call-1.", 0.5, 0},
	{NULL, "cancel rpcclient", NULL, 0, 0},
	{NULL, "worker rm rpcserver", NULL, 0, 0},
	{NULL, NULL, NULL, 0, 0},
};

static const struct tut_step tut_quorum[] = {
	{"Quorum queues keep a copy on a majority of nodes; one node, the leader, serves them.",
	 "declare queue orders --type quorum", NULL, 0, TUT_CLUSTER},
	{"Publisher confirms: the broker says when a majority has each message; --retry sends "
	 "again whatever is not confirmed.",
	 "confirm on", NULL, 0, TUT_CLUSTER},
	{NULL, "publish orders \"order {n}\" --persistent --count 20 --retry",
	 "Every order is confirmed: a majority of the nodes holds it.", 0, TUT_CLUSTER},
	{"A worker packs the orders slowly, acking each one.",
	 "worker add packer orders --work ms:300", NULL, 1.5, TUT_CLUSTER},
	{"Now kill -9 node 1, the node warren is connected to (and likely the leader).",
	 "broker kill 1",
	 "warren fails over to another node, restarts the worker, and the queue elects a new "
	 "leader; the unacked orders are redelivered (R).",
	 1, TUT_CLUSTER},
	{NULL, "wait 30", NULL, 8, TUT_CLUSTER},
	{"Which orders the worker packed (R = redelivered after the failover):", "worker log",
	 "All 20 orders, none lost.", 0, TUT_CLUSTER},
	{"Bring node 1 back: it rejoins and catches up as a follower.", "broker start 1", NULL, 0,
	 TUT_CLUSTER},
	{NULL, "worker rm packer", NULL, 0, TUT_CLUSTER},
	{NULL, "delete queue orders", NULL, 0, TUT_CLUSTER},
	{NULL, NULL, NULL, 0, 0},
};

static const struct tut_scene tut_scenes[] = {
	{"hello world", tut_hello},
	{"work queues: round-robin, acks, durability, fair dispatch", tut_work},
	{"publish/subscribe", tut_pubsub},
	{"routing", tut_routing},
	{"topics", tut_topics},
	{"RPC", tut_rpc},
	{"quorum queues and failover", tut_quorum},
};

#define TUT_NSCENES (sizeof tut_scenes / sizeof tut_scenes[0])

struct tutorial_run {
	const struct tut_scene *scene;
	size_t step;
	unsigned long submitted; /* lines the user had submitted when the step was typed in */
	int waiting;		 /* for the user to run the typed command */
};

/* Why a step cannot run here, or NULL. */
static const char *tut_skip(const struct app *a, const struct tut_step *s)
{
	if ((s->flags & TUT_CLUSTER) && (!a->sandbox || a->sandbox->nodes < 3))
		return "(skipped: this step needs a sandbox cluster: warren --sandbox --nodes 3)";
	if ((s->flags & TUT_SANDBOX) && !a->sandbox)
		return "(skipped: this step needs warren --sandbox, whose broker it restarts)";
	return NULL;
}

/* The --auto script being built: a chain of jobs. */
struct tut_script {
	struct app *a;
	struct job *head, **tail;
};

static void tut_add(struct tut_script *sc, struct job *j)
{
	*sc->tail = j;
	sc->tail = &j->next;
}

/* A command on data (narration, a number): never parsed again. */
static void tut_add_cmd(struct tut_script *sc, const char *name, const char *arg)
{
	tut_add(sc, job_new_cmd(sc->a, name, 1, &arg));
}

static void tut_add_echo(struct tut_script *sc, const char *prefix, const char *text)
{
	char *full = msg_printf("%s%s", prefix, text);

	tut_add_cmd(sc, "echo", full);
	free(full);
}

static size_t tut_count(const struct tut_step *s)
{
	size_t n = 0;

	while (s[n].cmd || s[n].say)
		n++;
	return n;
}

/* --auto: the whole scene as commands, run next. */
static void tut_expand(struct app *a, size_t k, double speed)
{
	const struct tut_scene *sc = &tut_scenes[k];
	struct tut_script out = {a, NULL, &out.head};
	size_t i, total = tut_count(sc->steps);
	char head[256], num[64];

	snprintf(head, sizeof head, "== tutorial %zu: %s ==", k + 1, sc->title);
	tut_add_echo(&out, "", head);
	snprintf(num, sizeof num, "%g", speed);
	tut_add_cmd(&out, "worker speed", num);
	for (i = 0; i < total; i++) {
		const struct tut_step *s = &sc->steps[i];

		snprintf(num, sizeof num, "[%zu/%zu] ", i + 1, total);
		if (tut_skip(a, s)) {
			tut_add_echo(&out, num, tut_skip(a, s));
			continue;
		}
		if (s->say)
			tut_add_echo(&out, num, s->say);
		if (s->cmd)
			tut_add(&out, job_new_text(a, s->cmd));
		if (s->wait > 0) {
			snprintf(num, sizeof num, "%.3f", s->wait / speed);
			tut_add_cmd(&out, "sleep", num);
		}
		if (s->look)
			tut_add_echo(&out, "   look: ", s->look);
	}
	tut_add_echo(&out, "", "== end of the tutorial ==");
	job_queue(a, out.head, 1);
}

/* ---- step by step, in the dashboard ------------------------------------ */

/* Say the steps up to the next command and type it in; the scene's job ends after the last. */
static void tut_show_step(struct job *j)
{
	struct app *a = j->a;
	struct tutorial_run *t = j->data;
	const struct tut_step *s;
	size_t total = tut_count(t->scene->steps);

	while (t->step < total) {
		s = &t->scene->steps[t->step];
		if (tut_skip(a, s)) {
			app_out(a, LOG_INFO, "[%zu/%zu] %s", t->step + 1, total, tut_skip(a, s));
			t->step++;
			continue;
		}
		if (s->say)
			app_out(a, LOG_INFO, "[%zu/%zu] %s", t->step + 1, total, s->say);
		if (s->cmd) {
			app_out(a, LOG_INFO, "   press Enter to run it (or type your own)");
			a->view->prefill(a, s->cmd);
			t->waiting = 1;
			t->submitted = a->jobs.submitted;
			return;
		}
		t->step++;
	}
	app_out(a, LOG_OK, "== end of the tutorial ==");
	job_finish(j, 1);
}

/* The queue ran dry: if the user ran the step's command, go on. */
static void tut_idle(struct job *j)
{
	struct app *a = j->a;
	struct tutorial_run *t = j->data;
	const struct tut_step *s;

	if (!t->waiting || a->jobs.submitted == t->submitted || job_background_busy(a, j))
		return;
	s = &t->scene->steps[t->step];
	t->waiting = 0;
	if (s->look)
		app_out(a, LOG_INFO, "   look: %s", s->look);
	t->step++;
	tut_show_step(j);
}

/* ---- the command ------------------------------------------------------- */

const struct cmd_entry cmd_tutorial_entry;

static const struct cmd_flag cmd_tutorial_flags[] = {
	{"auto", CMD_BOOL, NULL, 0, 0, "run every step on its own (always so in batch mode)"},
	{"speed", CMD_FLOAT, "F", 0, 1000, "simulated work F times faster (default 1)"},
	{"stop", CMD_BOOL, NULL, 0, 0, "leave the step-by-step tutorial"},
	{0},
};

static enum cmd_result cmd_tutorial_exec(struct job *j, const struct cmd_args *args)
{
	struct app *a = j->a;
	double speed = cmd_arg_float(args, "speed", 1);
	size_t i;
	long k;

	struct job *running = job_find_background(a, &cmd_tutorial_entry);
	struct tutorial_run *t;

	if (cmd_arg_has(args, "stop") || !args->argc) {
		if (running) {
			job_finish(running, 1);
			app_ok(a, "tutorial stopped");
			return CMD_OK;
		}
		app_out(a, LOG_INFO, "tutorials (tutorial N runs one step by step; --auto runs on):");
		for (i = 0; i < TUT_NSCENES; i++)
			app_out(a, LOG_INFO, "  %zu  %s", i + 1, tut_scenes[i].title);
		return CMD_OK;
	}
	k = strtol(args->argv[0], NULL, 10);
	if (k < 1 || k > (long)TUT_NSCENES) {
		app_error(a, "tutorial: N is a scene number from 1 to %zu ('tutorial' lists them)",
			  TUT_NSCENES);
		return CMD_ERR;
	}
	if (speed <= 0) {
		app_error(a, "tutorial: --speed must be above 0");
		return CMD_ERR;
	}
	if (cmd_arg_has(args, "auto") || !a->view->prefill) {
		tut_expand(a, (size_t)k - 1, speed);
		return CMD_OK;
	}
	if (running)
		job_finish(running, 1);
	t = job_data(j, sizeof *t, NULL);
	t->scene = &tut_scenes[k - 1];
	worker_set_speed(a, speed);
	app_out(a, LOG_OK, "== tutorial %ld: %s ==", k, tut_scenes[k - 1].title);
	/* the scene goes on in the background, a step each time the queue runs dry */
	j->on_idle = tut_idle;
	job_to_background(j);
	tut_show_step(j);
	return CMD_PENDING;
}

const struct cmd_entry cmd_tutorial_entry = {
	.name = "tutorial",
	.args = "[N]",
	.help = "list the tutorial scenes, or run scene N step by step",
	.max_args = 1,
	.flags = cmd_tutorial_flags,
	.exec = cmd_tutorial_exec,
};

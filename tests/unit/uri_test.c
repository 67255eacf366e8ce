/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * uri_test: the URLs users type, the mistakes they make, and the passwords
 * that must never show up in a log line.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "uri.h"

static struct uri u;
static char err[512];

static void parse_ok(const char *text)
{
	int rc = uri_parse(text, &u, err, sizeof err);

	ck_assert_msg(rc == 0, "'%s': %s", text, err);
}

/* Parsing must fail, leave nothing behind and say contains in err. */
static void parse_fails(const char *text, const char *contains)
{
	static const struct uri zero;

	ck_assert_int_eq(uri_parse(text, &u, err, sizeof err), -1);
	ck_assert_msg(strstr(err, contains), "'%s': got '%s', want '%s'",
		      text, err, contains);
	ck_assert_int_eq(memcmp(&u, &zero, sizeof u), 0);
	ck_assert_ptr_null(strchr(err, '\n'));
}

static void check_format(int i, int mask, const char *want)
{
	char *got = uri_format(&u, i, mask);

	ck_assert_str_eq(got, want);
	free(got);
}

static void check_mask(const char *in, const char *want)
{
	char *got = uri_mask_text(in);

	ck_assert_str_eq(got, want);
	free(got);
}

static void teardown(void)
{
	uri_free(&u);
}

START_TEST(test_default_url)
{
	parse_ok("amqp://guest:guest@localhost:5672/");
	ck_assert_int_eq(u.scheme, URI_AMQP);
	ck_assert_str_eq(u.user, "guest");
	ck_assert_str_eq(u.password, "guest");
	ck_assert_int_eq(u.has_password, 1);
	ck_assert_int_eq(u.nhosts, 1);
	ck_assert_str_eq(u.hosts[0].host, "localhost");
	ck_assert_int_eq(u.hosts[0].port, 5672);
	ck_assert_str_eq(u.vhost, "/");
	ck_assert_int_eq(u.heartbeat, -1);
	ck_assert_int_eq(uri_is_tls(&u), 0);
}
END_TEST

START_TEST(test_defaults_when_missing)
{
	parse_ok("amqp://rabbit");
	ck_assert_str_eq(u.user, "guest");
	ck_assert_str_eq(u.password, "guest");
	ck_assert_int_eq(u.has_password, 0);
	ck_assert_str_eq(u.hosts[0].host, "rabbit");
	ck_assert_str_eq(u.vhost, "/");
}
END_TEST

START_TEST(test_empty_authority_is_localhost)
{
	parse_ok("amqp://");
	ck_assert_str_eq(u.hosts[0].host, "localhost");
	ck_assert_int_eq(u.hosts[0].port, 5672);
}
END_TEST

START_TEST(test_default_ports)
{
	parse_ok("amqps://h");
	ck_assert_int_eq(u.hosts[0].port, 5671);
	ck_assert_int_eq(u.scheme, URI_AMQPS);
	ck_assert_int_eq(uri_is_tls(&u), 1);
	uri_free(&u);
	parse_ok("http://h/");
	ck_assert_int_eq(u.hosts[0].port, 15672);
	ck_assert_int_eq(uri_is_tls(&u), 0);
	uri_free(&u);
	parse_ok("https://h/");
	ck_assert_int_eq(u.hosts[0].port, 15671);
	ck_assert_int_eq(uri_is_tls(&u), 1);
}
END_TEST

START_TEST(test_scheme_case_insensitive)
{
	parse_ok("AMQPS://h:1234");
	ck_assert_int_eq(u.scheme, URI_AMQPS);
	ck_assert_int_eq(u.hosts[0].port, 1234);
}
END_TEST

START_TEST(test_bare_host)
{
	parse_ok("rabbit.example.com");
	ck_assert_int_eq(u.scheme, URI_AMQP);
	ck_assert_str_eq(u.hosts[0].host, "rabbit.example.com");
	ck_assert_int_eq(u.hosts[0].port, 5672);
}
END_TEST

START_TEST(test_bare_host_port)
{
	parse_ok("localhost:5673");
	ck_assert_int_eq(u.scheme, URI_AMQP);
	ck_assert_str_eq(u.hosts[0].host, "localhost");
	ck_assert_int_eq(u.hosts[0].port, 5673);
	uri_free(&u);
	parse_ok("amqp:5672"); /* a host called amqp */
	ck_assert_str_eq(u.hosts[0].host, "amqp");
}
END_TEST

START_TEST(test_vhost_encoded_slash)
{
	parse_ok("amqp://h/%2f");
	ck_assert_str_eq(u.vhost, "/");
	uri_free(&u);
	parse_ok("amqp://h/%2F");
	ck_assert_str_eq(u.vhost, "/");
}
END_TEST

START_TEST(test_vhost_named)
{
	parse_ok("amqp://h/foo");
	ck_assert_str_eq(u.vhost, "foo");
	uri_free(&u);
	parse_ok("amqp://h/my%20vhost");
	ck_assert_str_eq(u.vhost, "my vhost");
	uri_free(&u);
	parse_ok("amqp://h");
	ck_assert_str_eq(u.vhost, "/");
}
END_TEST

START_TEST(test_password_percent_decoded)
{
	parse_ok("amqp://bob:p%40ss%3Aw@h/");
	ck_assert_str_eq(u.user, "bob");
	ck_assert_str_eq(u.password, "p@ss:w");
}
END_TEST

START_TEST(test_password_raw_at_and_colon)
{
	parse_ok("amqp://bob:p@ss:w@h:5673/");
	ck_assert_str_eq(u.password, "p@ss:w");
	ck_assert_str_eq(u.hosts[0].host, "h");
	ck_assert_int_eq(u.hosts[0].port, 5673);
}
END_TEST

START_TEST(test_empty_password)
{
	parse_ok("amqp://bob:@h");
	ck_assert_str_eq(u.password, "");
	ck_assert_int_eq(u.has_password, 1);
}
END_TEST

START_TEST(test_ipv6)
{
	parse_ok("amqp://u:p@[::1]:5673/v");
	ck_assert_str_eq(u.hosts[0].host, "::1");
	ck_assert_int_eq(u.hosts[0].port, 5673);
	uri_free(&u);
	parse_ok("amqp://[fe80::1]");
	ck_assert_str_eq(u.hosts[0].host, "fe80::1");
	ck_assert_int_eq(u.hosts[0].port, 5672);
}
END_TEST

START_TEST(test_ipv6_needs_brackets)
{
	parse_fails("amqp://::1:5672/", "brackets");
	parse_fails("amqp://[::1/", "missing ']'");
	parse_fails("amqp://[::1]x/", "after ']'");
}
END_TEST

START_TEST(test_multi_host)
{
	parse_ok("amqp://u:p@h1:5672,h2:5673/v");
	ck_assert_int_eq(u.nhosts, 2);
	ck_assert_str_eq(u.hosts[0].host, "h1");
	ck_assert_int_eq(u.hosts[0].port, 5672);
	ck_assert_str_eq(u.hosts[1].host, "h2");
	ck_assert_int_eq(u.hosts[1].port, 5673);
	ck_assert_str_eq(u.vhost, "v");
}
END_TEST

START_TEST(test_multi_host_default_ports)
{
	parse_ok("amqps://h1,[::1],h3:1");
	ck_assert_int_eq(u.nhosts, 3);
	ck_assert_int_eq(u.hosts[0].port, 5671);
	ck_assert_str_eq(u.hosts[1].host, "::1");
	ck_assert_int_eq(u.hosts[1].port, 5671);
	ck_assert_int_eq(u.hosts[2].port, 1);
}
END_TEST

START_TEST(test_too_many_hosts)
{
	parse_fails("amqp://a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q/", "too many hosts");
}
END_TEST

START_TEST(test_heartbeat)
{
	parse_ok("amqp://h/v?heartbeat=30");
	ck_assert_int_eq(u.heartbeat, 30);
	ck_assert_str_eq(u.vhost, "v");
	uri_free(&u);
	parse_ok("amqp://h?connection_timeout=5&heartbeat=0");
	ck_assert_int_eq(u.heartbeat, 0);
	ck_assert_str_eq(u.vhost, "/");
}
END_TEST

START_TEST(test_bad_heartbeat)
{
	parse_fails("amqp://h/?heartbeat=abc", "bad heartbeat 'abc'");
	parse_fails("amqp://h/?heartbeat=", "bad heartbeat ''");
	parse_fails("amqp://h/?heartbeat=70000", "bad heartbeat");
}
END_TEST

START_TEST(test_bad_port)
{
	parse_fails("amqp://h:x/", "a port number (1-65535) must follow ':'");
	ck_assert_ptr_nonnull(strstr(err, "'amqp://h:***/'"));
	parse_fails("amqp://user:secret", "a password goes before '@'");
	ck_assert_ptr_null(strstr(err, "secret"));
	parse_fails("amqp://h:0/", "bad port '0' in URL");
	parse_fails("amqp://h:65536/", "bad port '65536' in URL");
	parse_fails("amqp://h:99999999999999999999/", "bad port");
	parse_fails("amqp://h:-1/", "bad port '-1' in URL");
	parse_fails("amqp://h:/", "missing port");
}
END_TEST

START_TEST(test_port_bounds)
{
	parse_ok("amqp://h:65535");
	ck_assert_int_eq(u.hosts[0].port, 65535);
	uri_free(&u);
	parse_ok("amqp://h:1");
	ck_assert_int_eq(u.hosts[0].port, 1);
}
END_TEST

START_TEST(test_bad_scheme)
{
	parse_fails("foo://h/", "unsupported scheme 'foo' in URL (use amqp:// or amqps://)");
	parse_fails("amqp:/h", "missing \"//\"");
}
END_TEST

START_TEST(test_empty_host)
{
	parse_fails("amqp://u:p@:5672/", "empty host");
	parse_fails("amqp://h1,,h2/", "empty host");
	parse_fails("amqp://h1,/", "empty host");
	parse_fails("", "empty");
	parse_fails("   ", "empty");
}
END_TEST

START_TEST(test_bad_host)
{
	parse_fails("amqp://ho$t/", "bad host name 'ho$t'");
	parse_fails("amqp://[]/", "empty IPv6");
	parse_fails("amqp://[localhost]/", "only IPv6");
}
END_TEST

START_TEST(test_fragment_rejected)
{
	parse_fails("amqp://h/v#frag", "'#' is not allowed");
}
END_TEST

START_TEST(test_spaces_and_controls)
{
	parse_ok("  amqp://h/v\n");
	ck_assert_str_eq(u.vhost, "v");
	uri_free(&u);
	parse_fails(" amqp://h/my vhost\n", "%20");
	ck_assert_str_eq(err, "bad URL 'amqp://h/my vhost': a space must be "
			      "written %20; " "expected amqp://user:pass@host:port/vhost");
	parse_fails("amqp://h/\x1b[2J", "control characters");
}
END_TEST

START_TEST(test_bad_percent_escape)
{
	parse_fails("amqp://u:p%zz@h/", "bad %-escape in the password");
	parse_fails("amqp://h/v%2", "bad %-escape in the vhost");
	parse_fails("amqp://h/v%00", "%00");
}
END_TEST

START_TEST(test_error_names_expected_form)
{
	parse_fails("amqp://u:p@:1/", "expected amqp://user:pass@host:port/vhost");
	ck_assert_str_eq(err, "bad URL 'amqp://u:***@:1/': empty host name; "
			      "expected amqp://user:pass@host:port/vhost");
}
END_TEST

START_TEST(test_error_hides_password)
{
	parse_fails("amqp://bob:hunter2@h/v#x", "bad URL");
	ck_assert_ptr_null(strstr(err, "hunter2"));
	ck_assert_ptr_nonnull(strstr(err, "bob:***@h"));
}
END_TEST

/* The parser refuses what the masker would take for a password. */
START_TEST(test_error_raw_slash_in_password)
{
	parse_fails("amqp://user:pa/ss@host/", "%2F");
	ck_assert_ptr_null(strstr(err, "'pa'"));
	ck_assert_ptr_null(strstr(err, "pa/"));
	ck_assert_ptr_null(strstr(err, "/ss@"));
	ck_assert_ptr_nonnull(strstr(err, "amqp://user:***@host/"));
	parse_fails("amqp://user:12/34@host/", "%2F");
	ck_assert_ptr_null(strstr(err, "12"));
	parse_fails("amqp://u:pw?x@h", "%3F");
	ck_assert_ptr_null(strstr(err, "pw?"));
	parse_fails("amqp://h:5672/v@x", "%40");
	parse_ok("amqp://h:5672/v%40x");
	ck_assert_str_eq(u.vhost, "v@x");
	uri_free(&u);
	parse_ok("amqp://h/v@x");
	ck_assert_str_eq(u.vhost, "v@x");
}
END_TEST

START_TEST(test_error_no_scheme_masked)
{
	parse_fails("guest:secret@localhost", "needs the scheme");
	ck_assert_ptr_null(strstr(err, "secret"));
	ck_assert_ptr_nonnull(strstr(err, "guest:***@localhost"));
	parse_fails("amqp://user:pa ss@host/", "%20");
	ck_assert_ptr_null(strstr(err, "pa ss"));
}
END_TEST

START_TEST(test_error_is_terminal_safe)
{
	const unsigned char *p;

	parse_fails("\x1b]0;x\x07://h/", "bad URL");
	parse_fails("amqp://h:\xc2\x9b" "31m/", "a port number");
	parse_fails("amqp://\xc2\x9b" "31m/", "bad host name");
	for (p = (const unsigned char *)err; *p; p++)
		ck_assert_int_ge(*p, 0x20);
	ck_assert_ptr_null(strstr(err, "\xc2\x9b"));
}
END_TEST

START_TEST(test_error_small_buffer)
{
	char small[8];

	ck_assert_int_eq(uri_parse("foo://h", &u, small, sizeof small), -1);
	ck_assert_uint_eq(strlen(small), 7);
	ck_assert_int_eq(uri_parse("foo://h", &u, NULL, 0), -1);
}
END_TEST

START_TEST(test_error_cut_on_char_boundary)
{
	const char *url = "h?heartbeat=\xe4\xb8\xad\xe4\xb8\xad";
	char small[19];

	/* "bad heartbeat '" is 15 bytes, then 3-byte characters. */
	ck_assert_int_eq(uri_parse(url, &u, small, 18), -1);
	ck_assert_str_eq(small, "bad heartbeat '");
	ck_assert_int_eq(uri_parse(url, &u, small, 19), -1);
	ck_assert_str_eq(small, "bad heartbeat '\xe4\xb8\xad");
}
END_TEST

START_TEST(test_format_roundtrip)
{
	parse_ok("amqp://guest:guest@localhost:5672/");
	check_format(0, 0, "amqp://guest:guest@localhost:5672/%2f");
	check_format(-1, 0, "amqp://guest:guest@localhost:5672/%2f");
}
END_TEST

START_TEST(test_format_encodes)
{
	parse_ok("amqps://bob%40corp:p%40ss%3A%2F@[::1]:5673/my%2fvhost?heartbeat=10");
	check_format(0, 0, "amqps://bob%40corp:p%40ss%3a%2f@[::1]:5673/my%2fvhost?heartbeat=10");
}
END_TEST

START_TEST(test_format_reparses)
{
	char *text;
	struct uri v;

	parse_ok("amqp://b%20b:p%40ss@h1:1,[::1]:2/a%2Fb");
	text = uri_format(&u, -1, 0);
	ck_assert_int_eq(uri_parse(text, &v, err, sizeof err), 0);
	ck_assert_str_eq(v.user, u.user);
	ck_assert_str_eq(v.password, u.password);
	ck_assert_str_eq(v.vhost, "a/b");
	ck_assert_int_eq(v.nhosts, 2);
	ck_assert_str_eq(v.hosts[1].host, "::1");
	uri_free(&v);
	free(text);
}
END_TEST

START_TEST(test_format_one_host)
{
	parse_ok("amqp://u:p@h1:5672,h2:5673/v");
	check_format(1, 0, "amqp://u:p@h2:5673/v");
	check_format(-1, 0, "amqp://u:p@h1:5672,h2:5673/v");
	ck_assert_ptr_null(uri_format(&u, 2, 0));
}
END_TEST

START_TEST(test_format_mask)
{
	parse_ok("amqp://bob:secret@h/v");
	check_format(0, 1, "amqp://bob:***@h:5672/v");
	uri_free(&u);
	parse_ok("amqp://bob@h/v"); /* default password is still a password */
	check_format(0, 1, "amqp://bob:***@h:5672/v");
}
END_TEST

START_TEST(test_format_no_password)
{
	parse_ok("amqp://bob@h/v");
	free(u.password);
	u.password = strdup("");
	check_format(0, 1, "amqp://bob@h:5672/v");
	check_format(0, 0, "amqp://bob@h:5672/v");
}
END_TEST

START_TEST(test_mask_connect)
{
	check_mask("connect amqp://bob:secret@h/", "connect amqp://bob:***@h/");
}
END_TEST

START_TEST(test_mask_several)
{
	check_mask("a amqp://u:p1@h1/ b https://v:p2@h2:15672/api c",
		   "a amqp://u:***@h1/ b https://v:***@h2:15672/api c");
	check_mask("amqp://u:p1@h1,amqp://v:p2@h2",
		   "amqp://u:***@h1,amqp://v:***@h2");
}
END_TEST

START_TEST(test_mask_no_password_left_alone)
{
	check_mask("amqp://bob@h:5672/v and amqp://h:5672/", "amqp://bob@h:5672/v and amqp://h:5672/");
	check_mask("no url here: a@b", "no url here: a@b");
	check_mask("", "");
}
END_TEST

START_TEST(test_mask_host_list)
{
	check_mask("amqp://u:p@h1:5672,h2:5673/v", "amqp://u:***@h1:5672,h2:5673/v");
}
END_TEST

START_TEST(test_mask_raw_at_in_password)
{
	check_mask("amqp://u:p@ss@h/", "amqp://u:***@h/");
}
END_TEST

START_TEST(test_mask_quoted)
{
	check_mask("{\"url\":\"amqp://u:p@h\",\"x\":\"a:b@c\"}",
		   "{\"url\":\"amqp://u:***@h\",\"x\":\"a:***@c\"}");
}
END_TEST

/* URLs that do not parse keep their secret out of history and records too. */
START_TEST(test_mask_raw_slash_in_password)
{
	check_mask("connect amqp://user:pa/ss@host/", "connect amqp://user:***@host/");
	check_mask("connect amqp://user:pa?ss@host/v x", "connect amqp://user:***@host/v x");
	check_mask("amqp://u:a/b/c@h1,amqp://v:d/e@h2", "amqp://u:***@h1,amqp://v:***@h2");
}
END_TEST

START_TEST(test_mask_no_scheme)
{
	check_mask("connect guest:secret@localhost", "connect guest:***@localhost");
	check_mask("x --url=guest:se/cret@h:5672", "x --url=guest:***@h:5672");
	check_mask("see rabbit@node1 at 10:30", "see rabbit@node1 at 10:30");
}
END_TEST

START_TEST(test_mask_raw_space_in_password)
{
	check_mask("connect amqp://user:pa ss@host/ now", "connect amqp://user:***@host/ now");
	check_mask("connect amqp://user:p\"s@h/", "connect amqp://user:***@h/");
	/* only to the next URL, on the same line */
	check_mask("amqp://u:a b amqp://v:c@h", "amqp://u:*** b amqp://v:***@h");
	check_mask("amqp://u:a\nb@c", "amqp://u:***\nb@c");
	check_mask("amqp://h:5672/ and amqp://[::1]:5672", "amqp://h:5672/ and amqp://[::1]:5672");
	check_mask("amqp://h1:5672,h2:5673 x@y", "amqp://h1:5672,h2:5673 x@y");
	/* no '@' at all, and no port after the ':' */
	check_mask("connect amqp://user:secret", "connect amqp://user:***");
	check_mask("connect amqp://user:secret/v x", "connect amqp://user:***/v x");
	/* masking twice changes nothing */
	check_mask("bad URL 'amqp://user:***': a password goes before '@'",
		   "bad URL 'amqp://user:***': a password goes before '@'");
}
END_TEST

START_TEST(test_mask_end_of_text)
{
	check_mask("amqp://u:p@", "amqp://u:***@");
	check_mask("x://:@", "x://:***@");
	check_mask("://u:p@h", "://u:***@h");
}
END_TEST

START_TEST(test_free_zeroes)
{
	static const struct uri zero;

	parse_ok("amqp://u:p@h/v");
	uri_free(&u);
	ck_assert_int_eq(memcmp(&u, &zero, sizeof u), 0);
	uri_free(&u);
}
END_TEST

static Suite *uri_suite(void)
{
	Suite *s = suite_create("uri");
	TCase *tc = tcase_create("uri");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_default_url);
	tcase_add_test(tc, test_defaults_when_missing);
	tcase_add_test(tc, test_empty_authority_is_localhost);
	tcase_add_test(tc, test_default_ports);
	tcase_add_test(tc, test_scheme_case_insensitive);
	tcase_add_test(tc, test_bare_host);
	tcase_add_test(tc, test_bare_host_port);
	tcase_add_test(tc, test_vhost_encoded_slash);
	tcase_add_test(tc, test_vhost_named);
	tcase_add_test(tc, test_password_percent_decoded);
	tcase_add_test(tc, test_password_raw_at_and_colon);
	tcase_add_test(tc, test_empty_password);
	tcase_add_test(tc, test_ipv6);
	tcase_add_test(tc, test_ipv6_needs_brackets);
	tcase_add_test(tc, test_multi_host);
	tcase_add_test(tc, test_multi_host_default_ports);
	tcase_add_test(tc, test_too_many_hosts);
	tcase_add_test(tc, test_heartbeat);
	tcase_add_test(tc, test_bad_heartbeat);
	tcase_add_test(tc, test_bad_port);
	tcase_add_test(tc, test_port_bounds);
	tcase_add_test(tc, test_bad_scheme);
	tcase_add_test(tc, test_empty_host);
	tcase_add_test(tc, test_bad_host);
	tcase_add_test(tc, test_fragment_rejected);
	tcase_add_test(tc, test_spaces_and_controls);
	tcase_add_test(tc, test_bad_percent_escape);
	tcase_add_test(tc, test_error_names_expected_form);
	tcase_add_test(tc, test_error_hides_password);
	tcase_add_test(tc, test_error_raw_slash_in_password);
	tcase_add_test(tc, test_error_no_scheme_masked);
	tcase_add_test(tc, test_error_is_terminal_safe);
	tcase_add_test(tc, test_error_small_buffer);
	tcase_add_test(tc, test_error_cut_on_char_boundary);
	tcase_add_test(tc, test_format_roundtrip);
	tcase_add_test(tc, test_format_encodes);
	tcase_add_test(tc, test_format_reparses);
	tcase_add_test(tc, test_format_one_host);
	tcase_add_test(tc, test_format_mask);
	tcase_add_test(tc, test_format_no_password);
	tcase_add_test(tc, test_mask_connect);
	tcase_add_test(tc, test_mask_several);
	tcase_add_test(tc, test_mask_no_password_left_alone);
	tcase_add_test(tc, test_mask_host_list);
	tcase_add_test(tc, test_mask_raw_at_in_password);
	tcase_add_test(tc, test_mask_quoted);
	tcase_add_test(tc, test_mask_raw_slash_in_password);
	tcase_add_test(tc, test_mask_no_scheme);
	tcase_add_test(tc, test_mask_raw_space_in_password);
	tcase_add_test(tc, test_mask_end_of_text);
	tcase_add_test(tc, test_free_zeroes);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(uri_suite)

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# amqps:// against a private broker with a TLS listener and a CA made here:
# verification on by default, clear errors when it fails, --insecure warns,
# a client certificate is presented, and the password is never printed.
# Not the shared broker: that one has no TLS listener.
. "$(dirname "$0")/../lib.sh"
plan 25
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || skip_all "rabbitmq-server is not installed"
command -v openssl >/dev/null || skip_all "openssl is not installed (apt-get install openssl)"

c=$T_TMP/certs
o=$T_TMP/out
e=$T_TMP/err
all=$T_TMP/all-output
WS_DIR=

tls_cleanup() {
	[ -n "$WS_DIR" ] && "$WARREN_SANDBOX" stop "$WS_DIR" >/dev/null 2>&1
	t_cleanup
}
trap tls_cleanup EXIT

# tls_cert NAME CN EXTENSIONS: a key and a certificate signed by the test CA
tls_cert() {
	openssl req -newkey rsa:2048 -nodes -keyout "$c/$1.key" -out "$c/$1.csr" -subj "/CN=$2" &&
		printf '%b' "$3" >"$c/$1.ext" &&
		openssl x509 -req -in "$c/$1.csr" -CA "$c/ca.pem" -CAkey "$c/ca.key" -CAcreateserial \
			-days 2 -out "$c/$1.pem" -extfile "$c/$1.ext"
}

mkdir -p "$c"
{
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$c/ca.key" -out "$c/ca.pem" -days 2 \
		-subj "/CN=warren test CA" &&
		tls_cert server localhost 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' &&
		tls_cert client warren-test-client 'extendedKeyUsage=clientAuth\n'
} >"$T_TMP/openssl.log" 2>&1
ok $? "openssl made a CA, a server and a client certificate"

"$WARREN_SANDBOX" start --tls "$c" --no-mgmt --owner $$ --dir "$T_TMP/node" >"$T_TMP/env" 2>"$e"
ok $? "a private broker with a TLS listener started"
# shellcheck disable=SC1091
. "$T_TMP/env"
[ -n "$WS_DIR" ] && [ -n "$WS_TLS_PORTS" ] || {
	sed 's/^/# /' "$e" >&2
	done_testing
}

pw="tls-Secret-$RANDOM$RANDOM"
"$WARREN_SANDBOX" ctl "$WS_DIR" add_user wtls "$pw" >/dev/null 2>&1 &&
	"$WARREN_SANDBOX" ctl "$WS_DIR" set_permissions -p / wtls '.*' '.*' '.*' >/dev/null 2>&1
ok $? "a user with a password to watch for"
url="amqps://wtls:$pw@127.0.0.1:$WS_TLS_PORTS/"
plain="amqps://wtls:$pw@127.0.0.1:$WS_AMQP_PORTS/"

# tw ARGS...: warren in batch mode; stdout in $o, stderr in $e, both kept in $all
tw() {
	timeout 30 "$WARREN" --heartbeat 0 "$@" >"$o" 2>"$e"
	local rc=$?
	cat "$o" "$e" >>"$all"
	return $rc
}

tw --cacert "$c/ca.pem" -c 'declare queue wt-tls; publish wt-tls over-tls; get wt-tls --ack auto' "$url"
ok $? "amqps with --cacert: exit status 0"
like "$o" "^connection up: amqps://wtls:\*\*\*@127\.0\.0\.1:$WS_TLS_PORTS/" "amqps with --cacert: connection up, password masked"
like "$o" '^deliver #1 .*body="over-tls"' "declare, publish and get work over TLS"

tw -c 'status' "$url"
is $? 1 "without --cacert: exit status 1"
like "$o" "^error: TLS certificate verification failed for 127\.0\.0\.1:$WS_TLS_PORTS: .*use --cacert FILE.*--insecure" \
	"without --cacert: verification failed, with the --cacert hint"
is "$(grep -c '^error: TLS certificate verification failed' "$o")" 1 "the error is one line, said once"

tw --insecure -c 'publish wt-tls x; get wt-tls --ack auto' "$url"
ok $? "--insecure: works"
like "$e" '^warren: warning: --insecure: the broker.s TLS certificate is not verified' "--insecure: a warning on stderr"
like "$o" '^warning: --insecure: the certificate of 127\.0\.0\.1:[0-9]+ is not verified' "--insecure: a warning line in the session"
warn_line=$(grep -n '^warning: --insecure' "$o" | cut -d: -f1)
up_line=$(grep -n '^connection up' "$o" | cut -d: -f1)
[ -n "$warn_line" ] && [ -n "$up_line" ] && [ "$warn_line" -lt "$up_line" ]
ok $? "--insecure: the session warns before the connection is up"

# the client certificate: the broker must see it while warren is connected
timeout 30 "$WARREN" --cacert "$c/ca.pem" --cert "$c/client.pem" --key "$c/client.key" \
	-c 'declare queue wt-tls-cert; sleep 4' "$url" >"$o" 2>"$e" &
wpid=$!
peer_seen() {
	"$WARREN_SANDBOX" ctl "$WS_DIR" list_connections user peer_cert_subject 2>/dev/null |
		grep -q 'wtls.*CN=warren-test-client'
}
wait_for 15 peer_seen
ok $? "--cert/--key: the broker sees the client certificate"
wait "$wpid"
ok $? "--cert/--key: exit status 0"
cat "$o" "$e" >>"$all"
like "$o" '^ok: queue wt-tls-cert declared' "--cert/--key: the session works"

tw --cacert "$T_TMP/no-such-ca.pem" -c 'status' "$url"
is $? 1 "--cacert with a missing file: exit status 1"
like "$o" "^error: cannot read the --cacert file $T_TMP/no-such-ca\.pem: No such file or directory" \
	"--cacert with a missing file: says which file and why"

tw --cacert "$c/client.key" -c 'status' "$url"
like "$o" "^error: cannot load the --cacert file $c/client\.key: not a PEM certificate" \
	"--cacert with a file that is no certificate: says so"

start=$SECONDS
tw --cacert "$c/ca.pem" -c 'status' "$plain"
is $? 1 "amqps to the plain AMQP port: exit status 1"
like "$o" "^error: TLS handshake failed with 127\.0\.0\.1:$WS_AMQP_PORTS \(is it the broker's TLS port\?" \
	"amqps to the plain AMQP port: TLS handshake failed"
[ $((SECONDS - start)) -lt 20 ]
ok $? "amqps to the plain AMQP port: fails quickly ($((SECONDS - start)) s)"

tw --key "$c/client.key" --cacert "$c/ca.pem" -c 'status' "$url"
like "$o" '^error: --key FILE needs --cert FILE' "--key without --cert: says so"

unlike "$all" "$pw" "the password never appears in any output"

"$WARREN_SANDBOX" stop "$WS_DIR" >/dev/null 2>&1
[ ! -e "$WS_DIR" ]
ok $? "the TLS broker is stopped"
WS_DIR=
done_testing

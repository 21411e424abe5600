# signin.sh — secrets off the command line and sign-in with Microsoft Entra
# ID, the last part of tests/run-storage.sh (sourced after azurite.sh: uses
# bin, tools, tmp, top, ep, port, sas, wsas, vm4, all, az, norm, check, same,
# ok, bad, emulator_start and pids).
#  1. against the emulator over http (still running from azurite.sh): a SAS
#     from AZURE_STORAGE_SAS_TOKEN, from a connection string, from --sas-file;
#     what is refused;
#  2. a second emulator over https (a CA and a certificate made here with
#     openssl) with OAuth on, which takes a bearer token whose audience is
#     the storage resource; the token endpoints are tests/tools/tokenserver;
#     upload, fetch and two reports with each credential of the chain, one
#     token request per process, a new one when it is about to expire; a
#     redirect to another port (a node https server answering 307) blamed
#     for the refusal that follows;
#  3. no token, client secret, identity header or assertion in any output,
#     --verbose included, nor in any file the runs left.

# ---- 1. a SAS from elsewhere than the command line ----
blob=caps/vm/2024/05/a.pcap
export AZURE_STORAGE_CONNECTION_STRING="BlobEndpoint=$ep"
export AZURE_STORAGE_SAS_TOKEN="?$sas"
az fetch -o "$tmp/envsas" "az://devstoreaccount1/$blob"
check "AZURE_STORAGE_SAS_TOKEN: fetch" "0 fetched $tmp/envsas/a.pcap" "$rc $(cat "$tmp/out")"
same "AZURE_STORAGE_SAS_TOKEN: bytes" "$vm4" "$tmp/envsas/a.pcap"
az fetch --list az://devstoreaccount1/caps/vm/2024/05/
check "AZURE_STORAGE_SAS_TOKEN: list" "0 vm/2024/05/a.pcap" "$rc $(awk '{print $3}' "$tmp/out")"
# not sent with a plain URL unless asked for (it would go to any host)
az fetch --retries 0 -o "$tmp/envsas-url" "$ep/$blob"
check "AZURE_STORAGE_SAS_TOKEN: not for a URL" "1 analyze: cannot fetch 'http://EMU/devstoreaccount1/$blob': 403 AuthorizationFailure: not authorized: wrong account key or SAS token, or it does not allow this" \
	"$rc $(norm "$tmp/err")"
az fetch --auth sas -o "$tmp/envsas-url" "$ep/$blob"
check "AZURE_STORAGE_SAS_TOKEN: --auth sas on a URL" "0 fetched $tmp/envsas-url/a.pcap" "$rc $(cat "$tmp/out")"
unset AZURE_STORAGE_SAS_TOKEN

export AZURE_STORAGE_CONNECTION_STRING="BlobEndpoint=$ep/;SharedAccessSignature=$sas"
az rtt "az://devstoreaccount1/$blob"
check "SAS connection string: report exit" "0" "$rc"
same "SAS connection string: report" "$tmp/rtt-local" "$tmp/out"
az fetch --auth key -o "$tmp/none" "az://devstoreaccount1/$blob"
check "SAS connection string: --auth key" "1 analyze: 'az://devstoreaccount1/$blob': no account key: set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY" \
	"$rc $(cat "$tmp/err")"
unset AZURE_STORAGE_CONNECTION_STRING

printf '%s\n' "$sas" > "$tmp/read.sas"
printf '?%s\n' "$wsas" > "$tmp/write.sas"
az fetch --sas-file "$tmp/read.sas" -o "$tmp/filesas" "$ep/$blob"
check "--sas-file: fetch" "0 fetched $tmp/filesas/a.pcap" "$rc $(cat "$tmp/out")"
same "--sas-file: bytes" "$vm4" "$tmp/filesas/a.pcap"
az upload --sas-file "$tmp/write.sas" "$vm4" "$ep/caps/sasfile/"
check "--sas-file: upload" "0 uploaded $vm4 to http://EMU/devstoreaccount1/caps/sasfile/scaleset-vm4.pcap?sv=2021-08-06&sp=rcw&se=2099-01-01T00%3A00%3A00Z&sr=c&sig=REDACTED" \
	"$rc $(norm "$tmp/out")"
az fetch --sas-file "$tmp/read.sas" -o "$tmp/filesas2" "$ep/caps/sasfile/scaleset-vm4.pcap"
same "--sas-file: uploaded bytes" "$vm4" "$tmp/filesas2/scaleset-vm4.pcap"
"$bin" hierarchy "$vm4" > "$tmp/phs-vm4"
az hierarchy --sas-file "$tmp/read.sas" "$ep/$blob"
check "--sas-file: report exit" "0" "$rc"
same "--sas-file: report" "$tmp/phs-vm4" "$tmp/out"
az rtt --sas-file "$tmp/no.sas" "$ep/$blob"
check "--sas-file missing: report" "1 analyze: cannot read '$tmp/no.sas': No such file or directory" "$rc $(cat "$tmp/err")"
az rtt --auth token "$ep/$blob"
check "--auth: a report's usage error" "2 analyze: --auth 'token': say key, sas, login or auto; try 'analyze rtt --help'" "$rc $(cat "$tmp/err")"
az fetch --sas-file "$tmp/no.sas" "$ep/$blob"
check "--sas-file missing" "1 analyze: cannot read '$tmp/no.sas': No such file or directory" "$rc $(cat "$tmp/err")"
printf 'sv=2021-08-06&sp=r\n' > "$tmp/bad.sas"
az fetch --sas-file "$tmp/bad.sas" "$ep/$blob"
check "--sas-file without sig" "1 analyze: '$tmp/bad.sas' holds no SAS: one line with sig= was expected" "$rc $(cat "$tmp/err")"
az fetch --auth sas "$ep/$blob"
check "--auth sas without one" "1 analyze: 'http://EMU/devstoreaccount1/$blob': no SAS: give --sas-file or set AZURE_STORAGE_SAS_TOKEN" \
	"$rc $(norm "$tmp/err")"
az upload --auth token "$vm4" "$ep/$blob"
check "--auth token" "2 analyze: --auth 'token': say key, sas, login or auto; try 'analyze upload --help'" "$rc $(cat "$tmp/err")"
# a token never goes over http
AZURE_STORAGE_CONNECTION_STRING="BlobEndpoint=$ep" az fetch --auth login "az://devstoreaccount1/$blob"
check "login over http" "1 analyze: 'az://devstoreaccount1/$blob': a sign-in token is sent over https only, and the endpoint is 'http://EMU'" \
	"$rc $(norm "$tmp/err")"

# ---- 2. sign-in against the emulator over https with OAuth ----
tls=$tmp/testca
mkdir -p "$tls"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tls/ca.key" -out "$tls/ca.pem" -days 2 \
	-subj "/CN=analyze test CA" > "$tls/log" 2>&1 &&
	openssl req -newkey rsa:2048 -nodes -keyout "$tls/server.key" -out "$tls/server.csr" -subj "/CN=127.0.0.1" \
		>> "$tls/log" 2>&1 &&
	printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > "$tls/ext" &&
	openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
		-out "$tls/server.pem" -days 2 -extfile "$tls/ext" >> "$tls/log" 2>&1
check "test CA made" "0" "$?"
emulator_args="--oauth basic --cert $tls/server.pem --key $tls/server.key"
if ! emulator_start "$tmp/azurite-oauth.log"; then
	bad "azurite with OAuth did not start: $(tr '\n' ' ' < "$tmp/azurite-oauth.log")"
	return 0 2>/dev/null || true
fi
unset emulator_args
export AZURE_STORAGE_CONNECTION_STRING="BlobEndpoint=$ep"
export CURL_CA_BUNDLE=$tls/ca.pem
secret=Sp-Secret-Value-4821
idh=Id-Header-Value-7730
fed=Fed-Assertion-Value-1932
tokens=$tmp/tokens
: > "$tokens"
# tokenserver NAME [SETTING...]: the token endpoints, port in $tport, log in $tmp/NAME.log
tokenserver() {
	n=$1
	shift
	"$tools/tokenserver" "$tmp/$n.port" "$tmp/$n.log" "$tokens" client=app-id-1 "secret=$secret" \
		"assertion=$fed" "header=$idh" "$@" > "$tmp/$n.out" 2>&1 &
	pids="$pids $!"
	k=0
	while [ ! -s "$tmp/$n.port" ] && [ $k -lt 50 ]; do sleep 0.1; k=$((k + 1)); done
	tport=$(cat "$tmp/$n.port")
}
tokenserver ts
tp=$tport
tokenserver ts-noid imds=none
tp2=$tport
printf '%s\n' "$fed" > "$tmp/federated-token"
# the Azure CLI stand-in: answers get-access-token as az does, with a token of the token server
mkdir -p "$tmp/azcli"
cat > "$tmp/azcli/az" << EOF
#!/bin/sh
echo "az \$*" >> "$tmp/azcli.log"
if [ "\$*" != "account get-access-token --resource https://storage.azure.com/ --output json" ]; then
	echo "ERROR: unexpected arguments" >&2
	exit 2
fi
set -- \$("$tools/tokenserver" mint "$tokens" 3600)
printf '{\n  "accessToken": "%s",\n  "expiresOn": "%s",\n  "expires_on": %s,\n  "subscription": "sub",\n  "tenant": "cli-tenant",\n  "tokenType": "Bearer"\n}\n' "\$1" "\$(date -d @\$2 '+%Y-%m-%d %H:%M:%S.000000')" "\$2"
EOF
chmod +x "$tmp/azcli/az"
: > "$tmp/azcli.log"

signin_clear() {
	unset AZURE_TENANT_ID AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_FEDERATED_TOKEN_FILE AZURE_AUTHORITY_HOST \
		IDENTITY_ENDPOINT IDENTITY_HEADER
	export AZURE_POD_IDENTITY_AUTHORITY_HOST=http://127.0.0.1:9
	PATH=$(printf '%s' "$PATH" | sed "s|^$tmp/azcli:||")
}
# signin_env KIND: the environment of one credential
signin_env() {
	signin_clear
	case $1 in
	sp) export AZURE_TENANT_ID=tenant-1 AZURE_CLIENT_ID=app-id-1 AZURE_CLIENT_SECRET=$secret \
		AZURE_AUTHORITY_HOST=http://127.0.0.1:$tp/ ;;
	wi) export AZURE_TENANT_ID=tenant-1 AZURE_CLIENT_ID=app-id-1 AZURE_FEDERATED_TOKEN_FILE=$tmp/federated-token \
		AZURE_AUTHORITY_HOST=http://127.0.0.1:$tp ;;
	imds) export AZURE_POD_IDENTITY_AUTHORITY_HOST=http://127.0.0.1:$tp ;;
	appsvc) export IDENTITY_ENDPOINT=http://127.0.0.1:$tp/msi/token IDENTITY_HEADER=$idh ;;
	cli) PATH=$tmp/azcli:$PATH ;;
	esac
}
"$bin" hierarchy "$vm4" > "$tmp/phs-local"
# the lines the token server logged since the last call
newlog() {
	tail -n +$(($(cat "$tmp/ts.seen" 2>/dev/null || echo 0) + 1)) "$tmp/ts.log"
	wc -l < "$tmp/ts.log" > "$tmp/ts.seen"
}
sp_req="POST /tenant-1/oauth2/v2.0/token grant=client_credentials client=app-id-1 scope=https://storage.azure.com/.default"
for kind in sp wi imds appsvc cli; do
	case $kind in
	sp) who="the service principal or workload identity in the environment" req="$sp_req secret -> 200" ;;
	wi) who="the service principal or workload identity in the environment" req="$sp_req assertion -> 200" ;;
	imds) who="the managed identity" req="GET /metadata/identity/oauth2/token api-version=2018-02-01 resource=https://storage.azure.com/ client=- header=yes -> 200" ;;
	appsvc) who="the managed identity" req="GET /msi/token api-version=2019-08-01 resource=https://storage.azure.com/ client=- header=yes -> 200" ;;
	cli) who="the Azure CLI" req="" ;;
	esac
	signin_env $kind
	c=signin-$kind
	newlog > /dev/null
	# a block upload (10 MB: three blocks and the list, after the container is made): one token
	az upload -v "$tmp/big.bin" "az://devstoreaccount1/$c/big.bin"
	check "$kind: upload" "0 uploaded $tmp/big.bin to https://EMU/devstoreaccount1/$c/big.bin" "$rc $(norm "$tmp/out")"
	check "$kind: upload signed in" "analyze: signed in with $who: a token for https://storage.azure.com/, valid for 60 min" \
		"$(grep 'signed in' "$tmp/err")"
	az upload "$vm4" "az://devstoreaccount1/$c/vm/a.pcap"
	check "$kind: upload small" "0 uploaded $vm4 to https://EMU/devstoreaccount1/$c/vm/a.pcap" "$rc $(norm "$tmp/out")"
	az fetch -v -o "$tmp/$c" "az://devstoreaccount1/$c"
	check "$kind: fetch" "0 fetched $tmp/$c/big.bin|fetched $tmp/$c/vm/a.pcap|" "$rc $(sort "$tmp/out" | tr '\n' '|')"
	same "$kind: fetch bytes" "$tmp/big.bin" "$tmp/$c/big.bin"
	same "$kind: fetch small" "$vm4" "$tmp/$c/vm/a.pcap"
	az rtt "az://devstoreaccount1/$c/vm/a.pcap"
	check "$kind: report on az://" "0" "$rc"
	same "$kind: report on az:// output" "$tmp/rtt-local" "$tmp/out"
	export AZURE_STORAGE_AUTH_MODE=login
	az hierarchy "$ep/$c/vm/a.pcap"
	unset AZURE_STORAGE_AUTH_MODE
	check "$kind: report on a URL, AZURE_STORAGE_AUTH_MODE=login" "0" "$rc"
	same "$kind: report on a URL output" "$tmp/phs-local" "$tmp/out"
	if [ $kind = cli ]; then
		check "cli: az run once a process" "5" "$(grep -c 'get-access-token --resource https://storage.azure.com/ --output json' "$tmp/azcli.log")"
		check "cli: the token server not asked" "" "$(newlog)"
	else
		check "$kind: one token request a process (five)" "$req|$req|$req|$req|$req|" "$(newlog | tr '\n' '|')"
	fi
done
check "tokens made" "25" "$(wc -l < "$tokens" | tr -d ' ')"
# a report over an az:// prefix lists it with the token too
signin_env imds
az findings -F json az://devstoreaccount1/signin-imds/vm/
check "report over a prefix, signed in" "0 1" "$rc $(grep -c '"complete": true' "$tmp/out")"
az hierarchy --auth login "$ep/signin-imds/vm/a.pcap"
check "--auth login: report on a URL" "0" "$rc"
same "--auth login: report output" "$tmp/phs-local" "$tmp/out"

# the order of the chain: the environment before a managed identity, a
# managed identity before the CLI; a metadata endpoint without an identity
# is passed over
signin_env sp
export AZURE_POD_IDENTITY_AUTHORITY_HOST=http://127.0.0.1:$tp PATH=$tmp/azcli:$PATH
newlog > /dev/null
: > "$tmp/azcli.log"
az fetch -v -o "$tmp/order1" az://devstoreaccount1/signin-sp/vm/a.pcap
check "order: service principal first" "0 analyze: signed in with the service principal or workload identity in the environment: a token for https://storage.azure.com/, valid for 60 min" \
	"$rc $(grep 'signed in' "$tmp/err")"
check "order: nothing else asked" "$sp_req secret -> 200||" "$(newlog | tr '\n' '|')|$(cat "$tmp/azcli.log")"
signin_env cli
export AZURE_POD_IDENTITY_AUTHORITY_HOST=http://127.0.0.1:$tp2
az fetch -v -o "$tmp/order2" az://devstoreaccount1/signin-sp/vm/a.pcap
check "order: no identity at the metadata endpoint, then the CLI" "0 analyze: signed in with the Azure CLI: a token for https://storage.azure.com/, valid for 60 min" \
	"$rc $(grep 'signed in' "$tmp/err")"
check "order: the metadata endpoint asked first" "GET /metadata/identity/oauth2/token api-version=2018-02-01 resource=https://storage.azure.com/ client=- header=yes -> 400" \
	"$(cat "$tmp/ts-noid.log")"
same "order: bytes" "$vm4" "$tmp/order2/a.pcap"

# a token about to expire is not used again: one that the authority says
# expires at once is asked for anew before every request (the source's
# check, the listing, two downloads), and each is accepted
tokenserver ts-stale says=0
signin_env sp
export AZURE_AUTHORITY_HOST=http://127.0.0.1:$tport
az fetch -v --parallel 1 -o "$tmp/stale" az://devstoreaccount1/signin-sp/
check "stale token: fetch" "0 fetched $tmp/stale/big.bin|fetched $tmp/stale/vm/a.pcap|" "$rc $(sort "$tmp/out" | tr '\n' '|')"
same "stale token: bytes" "$tmp/big.bin" "$tmp/stale/big.bin"
check "stale token: asked for before each request" "4 4" \
	"$(grep -c 'secret -> 200' "$tmp/ts-stale.log") $(grep -c 'signed in with the service principal' "$tmp/err")"

# a redirect to another port under sign-in (an https server that answers
# 307 to the emulator): the token is not sent on, and the message says so
# rather than blaming the token
node -e '
const [key, cert, to, portfile] = process.argv.slice(1);
const fs = require("fs");
const s = require("https").createServer({key: fs.readFileSync(key), cert: fs.readFileSync(cert)}, (q, r) => {
	r.writeHead(307, {Location: to + q.url, Connection: "close"});
	r.end();
});
s.listen(0, "127.0.0.1", () => fs.writeFileSync(portfile, String(s.address().port)));
' "$tls/server.key" "$tls/server.pem" "https://127.0.0.1:$port" "$tmp/redirector.port" > "$tmp/redirector.log" 2>&1 &
pids="$pids $!"
k=0
while [ ! -s "$tmp/redirector.port" ] && [ $k -lt 50 ]; do sleep 0.1; k=$((k + 1)); done
rport=$(cat "$tmp/redirector.port")
signin_env sp
AZURE_STORAGE_CONNECTION_STRING="BlobEndpoint=https://127.0.0.1:$rport/devstoreaccount1" \
	az fetch --retries 0 -o "$tmp/none" az://devstoreaccount1/signin-sp/vm/a.pcap
check "redirect, signed in: message" "1 analyze: cannot fetch 'https://REDIRECTOR/devstoreaccount1/signin-sp/vm/a.pcap': 403 AuthorizationFailure after a redirect to https://EMU: credentials are not sent on to another host or port; use the address it redirects to" \
	"$rc $(sed "s/127.0.0.1:$rport/REDIRECTOR/" "$tmp/err" | norm /dev/stdin)"

# failures: one line each, exit 1, the credential named
signin_env sp
export AZURE_CLIENT_SECRET=wrong-secret
az fetch -o "$tmp/none" az://devstoreaccount1/signin-sp/vm/a.pcap
check "wrong client secret" "1 analyze: 'az://devstoreaccount1/signin-sp/vm/a.pcap': service principal: sign-in refused: HTTP 401 invalid_client: AADSTS7000215: Invalid client secret provided." \
	"$rc $(cat "$tmp/err")"
signin_env appsvc
export IDENTITY_HEADER=wrong-header
az upload "$vm4" az://devstoreaccount1/signin-appsvc/x.pcap
check "wrong identity header" "1 analyze: cannot upload '$vm4': 'az://devstoreaccount1/signin-appsvc/x.pcap': managed identity (IDENTITY_ENDPOINT): sign-in refused: HTTP 400 invalid_request: bad request" \
	"$rc $(cat "$tmp/err")"
signin_env wi
export AZURE_FEDERATED_TOKEN_FILE=$tmp/no-such-token
az fetch -o "$tmp/none" az://devstoreaccount1/signin-wi/vm/a.pcap
check "missing federated token file" "1 analyze: 'az://devstoreaccount1/signin-wi/vm/a.pcap': workload identity: cannot read '$tmp/no-such-token': No such file or directory" \
	"$rc $(cat "$tmp/err")"
signin_env sp
export AZURE_AUTHORITY_HOST=http://login.example.org
az fetch -o "$tmp/none" az://devstoreaccount1/signin-sp/vm/a.pcap
check "authority over http" "1 analyze: 'az://devstoreaccount1/signin-sp/vm/a.pcap': service principal: 'http://login.example.org/tenant-1/oauth2/v2.0/token': a token endpoint must be https (http only on this machine)" \
	"$rc $(cat "$tmp/err")"
signin_clear
az fetch --auth login -o "$tmp/none" az://devstoreaccount1/signin-sp/vm/a.pcap
check "login with nothing to sign in with" "1 analyze: 'az://devstoreaccount1/signin-sp/vm/a.pcap': cannot sign in: no service principal (AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE), no managed identity (no instance metadata endpoint), the Azure CLI is not signed in ('az login')" \
	"$rc $(cat "$tmp/err")"
check "failures: nothing written" "0" "$(find "$tmp/none" -type f 2>/dev/null | wc -l)"
unset AZURE_STORAGE_CONNECTION_STRING CURL_CA_BUNDLE

# ---- 3. no secret anywhere: outputs, --verbose, files left ----
leaks=0
while read -r t; do
	if grep -rqF -- "$t" "$all" "$ANALYZE_CACHE_DIR" "$tmp"/signin-* "$tmp"/order* "$tmp"/stale; then leaks=$((leaks + 1)); fi
done < "$tokens"
check "no token in any output or file" "0" "$leaks"
for s in "$secret" "$idh" "$fed"; do
	if grep -rqF -- "$s" "$all" "$ANALYZE_CACHE_DIR" "$tmp"/signin-* "$tmp"/order* "$tmp"/stale; then bad "a secret appears: $s"; else ok; fi
done
if grep -qF 'signed in with' "$all"; then ok; else bad "no --verbose sign-in seen (the check would be void)"; fi

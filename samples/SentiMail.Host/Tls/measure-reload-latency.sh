#!/usr/bin/env bash
# Measures the time from replacing the certificate files to the first handshake presenting the new certificate.
# Usage: measure-reload-latency.sh <path to SentiMail.Host.dll> [rounds] [extra host arguments...]
# Prints one line per round: milliseconds from the copy of the new files to the first handshake presenting them.
set -euo pipefail
dll="$(realpath "$1")"; rounds="${2:-10}"; shift $(( $# >= 2 ? 2 : 1 ))
dir="$(mktemp -d)"; trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
cd "$dir"
for n in a b; do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=$n.test" \
    -addext "subjectAltName=DNS:localhost" -keyout "$n.key" -out "$n.crt" 2>/dev/null
done
cp a.crt tls.crt; cp a.key tls.key
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
hport=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
dotnet "$dll" --SentiMail:Tls:CertificatePath=tls.crt --SentiMail:Tls:KeyPath=tls.key \
  --SentiMail:Tls:HttpsPort=$port --SentiMail:Tls:HttpPort=$hport "$@" >host.log 2>&1 &
pid=$!
until grep -q "Application started" host.log; do sleep 0.1; done
fp() { openssl s_client -connect 127.0.0.1:$port -tls1_3 </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256 2>/dev/null || true; }
next=b
for i in $(seq "$rounds"); do
  want=$(openssl x509 -in $next.crt -noout -fingerprint -sha256)
  t0=$(date +%s%N)
  cp $next.crt tls.crt; cp $next.key tls.key
  until [ "$(fp)" = "$want" ]; do :; done
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
  [ $next = b ] && next=a || next=b
done

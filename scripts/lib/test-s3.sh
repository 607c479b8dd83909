# Sourced by scripts/test.sh: an S3-protocol server on loopback for the photo store's S3 test
# (moto's server mode, from PyPI, installed when missing). TRYGG_TEST_S3=http://… points the
# tests at a server of your own instead. Stopped on exit.

start_test_s3() {
  if [ -n "${TRYGG_TEST_S3:-}" ]; then
    echo "Using TRYGG_TEST_S3=$TRYGG_TEST_S3"
    return
  fi
  if ! command -v moto_server >/dev/null 2>&1; then
    echo "Installing moto's S3 server from PyPI"
    python3 -m pip install -q --disable-pip-version-check "moto[server]==5.2.1"
  fi
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  S3_TEST_LOG="$(mktemp /tmp/trygg-s3.XXXXXX.log)"
  moto_server -H 127.0.0.1 -p "$port" >"$S3_TEST_LOG" 2>&1 &
  S3_TEST_PID=$!
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.2; done
  export TRYGG_TEST_S3="http://127.0.0.1:$port"
  # moto accepts any credentials; the S3 client insists on having some.
  export AWS_ACCESS_KEY_ID=trygg-test AWS_SECRET_ACCESS_KEY=trygg-test
  echo "An S3 server for the tests: $TRYGG_TEST_S3"
}

stop_test_s3() {
  if [ -n "${S3_TEST_PID:-}" ]; then
    kill "$S3_TEST_PID" 2>/dev/null || true
    wait "$S3_TEST_PID" 2>/dev/null || true
    rm -f "$S3_TEST_LOG"
  fi
}

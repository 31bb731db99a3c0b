"""The `attrib` command: submit, get, jobs, cancel (an API client); extract, keys, serve, worker."""

from __future__ import annotations

import argparse
import json
import os
import sys


def _redis_for_keys():
    """REDIS_URL, else the Redis of this checkout's running `make run`, else the default."""
    import os

    import redis

    from workers.connect import connect, sentinel_url_from_env
    from workers.settings import settings

    from .client import running_service

    url = os.environ.get("REDIS_URL") or sentinel_url_from_env()
    if not url:
        info = running_service()
        url = info["redis_url"] if info else settings().redis_url
    r = connect(url, socket_connect_timeout=2, socket_timeout=10)
    try:
        r.ping()
    except redis.RedisError as exc:
        raise SystemExit(
            f"attrib keys: no Redis at {url} ({exc}); start `make run` in this checkout or set REDIS_URL"
        ) from None
    return r


def _keys(args: argparse.Namespace) -> int:
    import os

    from workers.keys import KeyStore
    from workers.settings import settings

    from .client import state_dir

    state = state_dir()
    if not (os.environ.get("ATTRIB_SECRET_KEY") or os.environ.get("ATTRIB_SECRET_FILE")) and state is not None:
        os.environ["ATTRIB_SECRET_FILE"] = str(state / "secret.key")  # the secret `make run` signs with
    store = KeyStore(_redis_for_keys(), settings())
    if args.keys_cmd == "create":
        record, api_key = store.create(args.name)
        print(
            json.dumps(
                {
                    "id": record["id"],
                    "name": record["name"],
                    "api_key": api_key,
                    "signing_secret": store.signing_secret(record["id"]),
                    "note": "the API key is shown once; it is stored only as a hash",
                },
                indent=2,
            )
        )
    elif args.keys_cmd == "list":
        for rec in store.list():
            print(f"{rec['id']}\t{rec['name']}\t{rec['created_at']}")
    elif args.keys_cmd == "secret":
        if store.get(args.id) is None:
            print(f"no key {args.id}", file=sys.stderr)
            return 1
        print(store.signing_secret(args.id))
    elif args.keys_cmd == "revoke":
        if not store.revoke(args.id):
            print(f"no key {args.id}", file=sys.stderr)
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # the reader went away (`attrib submit … | head`): stop quietly, as shell tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="attrib", description="Source attribution for news articles.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("extract", help="attribute articles from files (see attrib extract -h)", add_help=False)
    keys = sub.add_parser("keys", help="manage API keys")
    ks = keys.add_subparsers(dest="keys_cmd", required=True)
    ks.add_parser("create", help="create a key (printed once)").add_argument("name")
    ks.add_parser("list", help="list keys")
    ks.add_parser("revoke", help="revoke a key").add_argument("id")
    ks.add_parser("secret", help="print the secret that signs a key's callback_url webhooks").add_argument("id")
    from . import client_commands

    client_commands.add_parsers(sub)
    sub.add_parser("serve", help="start Redis (if needed), the API and workers", add_help=False)
    sub.add_parser("worker", help="run one worker", add_help=False)
    if argv and argv[0] in ("extract", "serve", "worker"):
        cmd, rest = argv[0], argv[1:]
        if cmd == "extract":
            from attribution.cli import main as extract

            return extract(rest)
        if cmd == "serve":
            from .launcher import main as serve

            return serve(rest)
        from workers.worker import main as worker

        return worker(rest)
    args = ap.parse_args(argv)
    if args.cmd == "keys":
        return _keys(args)
    return client_commands.run(args)


if __name__ == "__main__":
    sys.exit(main())

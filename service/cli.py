"""The `attrib` command: extract, keys, serve, worker."""

from __future__ import annotations

import argparse
import json
import sys


def _keys(args: argparse.Namespace) -> int:
    from workers.keys import KeyStore
    from workers.queues import connection
    from workers.settings import settings

    store = KeyStore(connection(), settings())
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
    elif args.keys_cmd == "revoke":
        if not store.revoke(args.id):
            print(f"no key {args.id}", file=sys.stderr)
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="attrib", description="Source attribution for news articles.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("extract", help="attribute articles from files (see attrib extract -h)", add_help=False)
    keys = sub.add_parser("keys", help="manage API keys")
    ks = keys.add_subparsers(dest="keys_cmd", required=True)
    ks.add_parser("create", help="create a key (printed once)").add_argument("name")
    ks.add_parser("list", help="list keys")
    ks.add_parser("revoke", help="revoke a key").add_argument("id")
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
    return _keys(args)


if __name__ == "__main__":
    sys.exit(main())

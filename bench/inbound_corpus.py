"""Feed a folder of delivery files through `sellerdesk inbound CHANNEL` on a fresh SQLite database
and count what became of them.

    .venv/bin/python bench/inbound_corpus.py DIR --channel email
    .venv/bin/python bench/inbound_corpus.py DIR --channel shopify [--topic orders/updated] [--pattern '*.json']
    .venv/bin/python bench/inbound_corpus.py --oddmail            # the generated odd-mail corpus (tests/channels/oddmail.py)

One account of the channel is made, without secrets and without an address (so captures signed
for somebody else are rejected, bare bodies are processed as trusted, and no "this delivery is
for another account" check applies). All files go through one run of the command, as a seller
would replay a folder. Prints one JSON object: the counts (processed / ignored / failed /
rejected / duplicate / not stored / crashed), the most frequent reasons, the files that crashed
or were not stored, and the run's wall time. "crashed" is a file whose reading or processing
raised an unexpected error; the target is none.
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def child(channel: str, files: list[str], topic: str) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("migrate", verbosity=0)
    from sellerdesk.channels.models import ChannelAccount

    ChannelAccount.objects.create(kind=channel, name=f"bench {channel}", address="support@shop.example" if channel == "email" else "")
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    try:
        call_command("inbound", channel, *files, *(["--topic", topic] if topic else []), stdout=out, stderr=err)
    except CommandError:
        pass  # some files were not accepted: each line says which
    took = time.perf_counter() - started
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    counts: collections.Counter = collections.Counter()
    reasons: collections.Counter = collections.Counter()
    problems = []
    for line in lines:
        key = "crashed" if line.get("crashed") else "duplicate" if line.get("duplicate") else line.get("status") or "not stored"
        counts[key] += 1
        if line.get("error"):
            reasons[f"{key}: {line['error'][:120]}"] += 1
        if key in ("crashed", "not stored"):
            problems.append({"file": line["file"], "error": line.get("error", "")})
    return {"channel": channel, "files": len(files), "counts": dict(sorted(counts.items())),
            "accepted": sum(n for k, n in counts.items() if k not in ("crashed", "not stored")),
            "top_reasons": dict(reasons.most_common(15)), "crashed_or_not_stored": problems[:50],
            "seconds": round(took, 1), "files_per_second": round(len(files) / took, 1) if took else None}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", nargs="?", type=Path)
    parser.add_argument("--channel", default="email")
    parser.add_argument("--pattern", default="*", help="which files of the folder (glob, searched recursively)")
    parser.add_argument("--topic", default="")
    parser.add_argument("--oddmail", action="store_true", help="generate the odd-mail corpus and feed it (channel email)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--list", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        files = args.list.read_text(encoding="utf-8").splitlines()
        print(json.dumps(child(args.channel, files, args.topic), ensure_ascii=False))
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.oddmail:
            from tests.channels.oddmail import write

            files, channel = write(Path(tmp) / "oddmail"), "email"
        elif args.folder is not None:
            files, channel = sorted(p for p in args.folder.rglob(args.pattern) if p.is_file()), args.channel
        else:
            parser.error("name a folder, or --oddmail")
        listing = Path(tmp) / "files.txt"
        listing.write_text("\n".join(str(p) for p in files), encoding="utf-8")
        # The triage model built once for this checkout (make run / make test), not a new build per run.
        model = os.environ.get("SELLERDESK_TRIAGE_MODEL") or str(ROOT / "var" / "models" / "triage.npz")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sellerdesk.settings", "SELLERDESK_DATA_DIR": tmp, "SELLERDESK_TRIAGE_MODEL": model,
               "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "SELLERDESK_TASK_BACKEND": "db", "SELLERDESK_LOG_LEVEL": "ERROR"}
        done = subprocess.run([sys.executable, __file__, "--child", "--channel", channel, "--list", str(listing),
                               *(["--topic", args.topic] if args.topic else [])], env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            sys.stderr.write(done.stderr[-4000:])
            raise SystemExit(done.returncode)
        print(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()

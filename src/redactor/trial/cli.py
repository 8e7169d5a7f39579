"""``redactor trial ...`` and ``redactor shortlist``: the command-line side of the trial evaluation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from redactor.errors import ExitCode


def add_parsers(sub: argparse._SubParsersAction, parser_class: type[argparse.ArgumentParser]) -> None:  # type: ignore[type-arg]
    """Add ``shortlist`` and ``trial`` to the top-level sub-commands."""
    s = sub.add_parser("shortlist", help="record the candidates invited to interview, and reveal them")
    s.add_argument("keys", type=Path, metavar="KEYFILE")
    s.add_argument("numbers", nargs="+", metavar="NUMBER")

    t = sub.add_parser("trial", help="the opt-in evaluation of an anonymous recruitment trial")
    ts = t.add_subparsers(dest="trial_command", required=True, parser_class=parser_class)
    k = ts.add_parser("keygen", help="make an evaluation key (owner-only file; keep it apart from the key file)")
    k.add_argument("file", type=Path, metavar="FILE")
    r = ts.add_parser("record", help="record hires by candidate number")
    r.add_argument("keys", type=Path, metavar="KEYFILE")
    r.add_argument("--hired", nargs="+", required=True, metavar="NUMBER")
    p = ts.add_parser("report", help="write report.html and report.json (needs the evaluation key)")
    p.add_argument("keys", type=Path, metavar="KEYFILE")
    p.add_argument("--trial-key", type=Path, required=True, metavar="FILE")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    p.add_argument("--lang", choices=["da", "en"], default="da")
    p.add_argument("--baseline", type=Path, metavar="FILE", help="an earlier round's counts (JSON) to compare with")
    g = ts.add_parser("purge", help="delete the evaluation store and the recorded outcomes")
    g.add_argument("keys", type=Path, metavar="KEYFILE")


def run(args: argparse.Namespace) -> int:
    """Run ``shortlist`` or ``trial ...``; errors propagate as RedactorError (exit 1 in the CLI)."""
    from redactor.trial import build_report, keygen, load_baseline, purge, record_outcome, write_report

    if args.command == "shortlist":
        from redactor.batch import reveal

        added, unknown = record_outcome(args.keys, "shortlisted", args.numbers)
        for number in unknown:
            print(f"redactor: unknown candidate number {number}", file=sys.stderr)
        for number, rev in reveal(args.keys, [n for n in args.numbers if n not in unknown]).items():
            if rev is None:
                continue
            print(f"{number}\t{rev.path}")
            for doc in rev.documents:
                print(f"\t{doc}")
        print(f"redactor: {len(added)} new on the shortlist", file=sys.stderr)
        return int(ExitCode.USAGE if unknown else ExitCode.OK)
    cmd = args.trial_command
    if cmd == "keygen":
        path = keygen(args.file)
        print(f"redactor: evaluation key written to {path} (owner-only). Keep it apart from the key file "
              "and OUTBOX; without it the answers cannot be read.", file=sys.stderr)
        return int(ExitCode.OK)
    if cmd == "record":
        added, unknown = record_outcome(args.keys, "hired", args.hired)
        for number in unknown:
            print(f"redactor: unknown candidate number {number}", file=sys.stderr)
        print(f"redactor: {len(added)} hires recorded", file=sys.stderr)
        return int(ExitCode.USAGE if unknown else ExitCode.OK)
    if cmd == "report":
        baseline = load_baseline(args.baseline) if args.baseline else None
        report = build_report(args.keys, args.trial_key, baseline=baseline)
        json_path, html_path = write_report(report, args.output, lang=args.lang)
        print(f"redactor: trial report in {html_path} and {json_path}", file=sys.stderr)
        return int(ExitCode.OK)
    if cmd == "purge":
        removed = purge(args.keys)
        print(f"redactor: deleted {len(removed)} trial file(s)", file=sys.stderr)
        return int(ExitCode.OK)
    raise AssertionError(cmd)

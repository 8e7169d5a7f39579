"""The ``redactor`` command line: the only place that turns errors into exit codes."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from redactor import __version__
from redactor.errors import ExitCode, RedactorError
from redactor.types import Outcome

if TYPE_CHECKING:
    from redactor.isolated import IsolatedPipeline
    from redactor.types import Applicant


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"redactor: error: {message}", file=sys.stderr)
        raise SystemExit(ExitCode.USAGE)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="redactor", description="Anonymise job applications (PDF, DOCX) for blind screening.")
    p.add_argument("--version", action="version", version=f"redactor {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr (no personal data)")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    models = _Parser(add_help=False)
    models.add_argument("--models", type=lambda v: Path(v).expanduser().absolute(), metavar="DIR", default=None,
                        help="models folder (default: $REDACTOR_MODELS, else the installed package's models)")

    r = sub.add_parser("redact", help="redact files into an output folder", parents=[models])
    r.add_argument("files", nargs="+", type=Path, metavar="FILE")
    r.add_argument("-o", "--output", required=True, type=Path, metavar="OUTDIR")
    r.add_argument("--applicant", type=Path, help="applicant.json with the form data (name, email, ...)")
    r.add_argument("--config", type=Path, help="config.yaml")
    r.add_argument("--lang", choices=["auto", "da", "en"], default=None, help="document language")
    r.add_argument("--json", action="store_true", help="print one JSON line per input to stdout")
    r.add_argument("--pdf", action="store_true",
                   help="also write a verified PDF rendering <id>.pdf beside every DOCX output (needs LibreOffice)")

    e = sub.add_parser("eval", help="evaluate detection on the labelled splits of a sample folder",
                       description="Evaluate every split under SAMPLES: the folder itself and each sub-folder "
                                   "with a truth/ folder (samples/wild).", parents=[models])
    e.add_argument("samples", type=Path, nargs="?", default=Path("samples"))
    e.add_argument("--split", action="append", default=None, metavar="NAME",
                   help="evaluate only this split (a folder name: samples, wild; or answers); repeatable")
    e.add_argument("--form", choices=["both", "with", "without"], default="both",
                   help="evaluate with the form data, without it, or both (default)")
    e.add_argument("--shared", type=Path, default=None,
                   help="folder of the shared wild documents (default: shared/data/wild beside the repository)")
    e.add_argument("--config", type=Path)
    e.add_argument("--ratchet", type=Path, help="fail when a figure drops below this file's figures")
    e.add_argument("--update-ratchet", action="store_true", help="record the current figures in --ratchet")
    e.add_argument("--reset-ratchet", action="store_true",
                   help="with --update-ratchet: record the evaluated splits' figures even where lower (after a "
                        "split's truth changed; say so in the commit)")
    e.add_argument("--json", type=Path, help="also write the figures as JSON here")
    e.add_argument("--limit", type=int, default=None, help="evaluate only the first N documents")
    e.add_argument("--answers-rows", type=int, default=500, metavar="N",
                   help="rows of the generated application-form export scored as the 'answers' split (0: skip)")
    e.add_argument("--explain", action="store_true",
                   help="also report, without form data, what each name signal finds and each name filter rejects")

    b = sub.add_parser("batch", help="anonymise an upload folder into candidate-numbered folders", parents=[models])
    b.add_argument("inbox", type=Path)
    b.add_argument("-o", "--output", required=True, type=Path, metavar="OUTBOX")
    b.add_argument("--keys", type=Path, help="key file linking candidate numbers to applications")
    b.add_argument("--workers", type=int, default=None)
    b.add_argument("--config", type=Path)
    b.add_argument("--executor", choices=["local", "dask"], default="local")
    b.add_argument("--scheduler", default=None, help="Dask scheduler address (with --executor dask): tls://HOST:PORT")
    b.add_argument("--tls-ca-file", type=Path, default=None, help="CA certificate (PEM) of the Dask cluster")
    b.add_argument("--tls-cert", type=Path, default=None, help="this client's certificate (PEM) for the Dask cluster")
    b.add_argument("--tls-key", type=Path, default=None, help="the private key (PEM) of --tls-cert")
    b.add_argument("--pdf", action="store_true",
                   help="also write a verified PDF rendering <number>-<k>.pdf beside every DOCX output "
                        "(needs LibreOffice)")
    b.add_argument("--insecure", action="store_true",
                   help="allow a plain tcp:// Dask scheduler: documents cross the network unencrypted")
    b.add_argument("--no-progress", action="store_true")
    b.add_argument("--answers", type=Path, metavar="EXPORT",
                   help="the application form's export (XLSX, XLS or CSV): its identities become the "
                        "applicants' form data, its answers the anonymised overview.xlsx/.csv in OUTBOX")
    b.add_argument("--answers-separator", default=";", metavar="CHAR",
                   help="field separator of overview.csv (default ';', what Danish Excel expects)")
    b.add_argument("--trial-key", type=Path, metavar="FILE",
                   help="store the consented evaluation answers (evaluation.json, or the export's "
                        "trial_columns), encrypted (see 'redactor trial')")

    v = sub.add_parser("reveal", help="re-link candidate numbers to applications (after shortlisting)")
    v.add_argument("keys", type=Path, metavar="KEYFILE")
    v.add_argument("numbers", nargs="+", metavar="NUMBER")

    w = sub.add_parser("review", help="start the local QA review page", parents=[models])
    w.add_argument("outbox", type=Path)
    w.add_argument("--keys", type=Path)
    w.add_argument("--port", type=int, default=0)
    w.add_argument("--reviewer", default=None, help="reviewer name recorded with each decision")
    w.add_argument("--ui-lang", choices=["da", "en"], default="da")
    w.add_argument("--config", type=Path, help="the config.yaml the batch ran with")

    from redactor.trial.cli import add_parsers as add_trial_parsers

    add_trial_parsers(sub, _Parser)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="redactor: %(levelname)s: %(message)s")
    try:
        if args.command == "redact":
            return _cmd_redact(args)
        if args.command == "eval":
            return _cmd_eval(args)
        if args.command == "batch":
            from redactor.batch import run_batch_cli

            return int(run_batch_cli(args))
        if args.command == "reveal":
            from redactor.batch import reveal_cli

            return int(reveal_cli(args))
        if args.command == "review":
            from redactor.review.server import serve_cli

            return int(serve_cli(args))
        if args.command in ("trial", "shortlist"):
            from redactor.trial.cli import run as run_trial

            return run_trial(args)
    except RedactorError as exc:
        print(f"redactor: {exc}", file=sys.stderr)
        return int(ExitCode.USAGE)
    except KeyboardInterrupt:
        print("redactor: interrupted", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    parser.error(f"unknown command {args.command}")
    return int(ExitCode.USAGE)


def _cmd_redact(args: argparse.Namespace) -> int:
    from redactor.api import load_applicant
    from redactor.config import load_config
    from redactor.isolated import IsolatedPipeline

    config = load_config(args.config, language=args.lang, models_dir=args.models)
    applicant = load_applicant(args.applicant) if args.applicant else None
    # documents run in a child process: the time and memory limits hold as in a batch
    with IsolatedPipeline(config) as pipeline:
        return _redact_files(args, pipeline, applicant)


def _redact_files(args: argparse.Namespace, pipeline: IsolatedPipeline, applicant: Applicant | None) -> int:
    from redactor.api import redact_file

    missing = [f for f in args.files if not f.is_file()]
    worst = ExitCode.OK
    for path in args.files:
        if path in missing:
            print(f"redactor: {path}: [R200] no such file", file=sys.stderr)
            worst = _worse(worst, ExitCode.INPUT_FAILED)
            if args.json:
                _json_line(path, None, None, "failed", "R200")
            continue
        fr = redact_file(path, args.output, applicant=applicant, pipeline=pipeline, pdf=args.pdf)
        res = fr.result
        if res.outcome is Outcome.FAILED:
            print(f"redactor: {path}: [{res.error_code}] {res.error}", file=sys.stderr)
            worst = _worse(worst, ExitCode.INPUT_FAILED)
        elif res.outcome is Outcome.NEEDS_REVIEW:
            worst = _worse(worst, ExitCode.NEEDS_REVIEW)
            print(f"redactor: {path}: needs review: {'; '.join(res.reasons)}", file=sys.stderr)
        if args.json:
            _json_line(path, fr.output_path, fr.report_path, str(res.outcome), res.error_code, fr.pdf_path)
    return int(worst)


def _json_line(path: Path, output: Path | None, report: Path | None, outcome: str, code: str | None,
               pdf: Path | None = None) -> None:
    line = {"input": str(path), "output": str(output) if output else None,
            "report": str(report) if report else None, "outcome": outcome}
    if pdf:
        line["pdf"] = str(pdf)
    if code:
        line["error_code"] = code
    print(json.dumps(line, ensure_ascii=False), flush=True)


def _worse(a: ExitCode, b: ExitCode) -> ExitCode:
    order = [ExitCode.OK, ExitCode.NEEDS_REVIEW, ExitCode.INPUT_FAILED]
    return a if order.index(a) >= order.index(b) else b


def _cmd_eval(args: argparse.Namespace) -> int:
    from redactor.config import load_config
    from redactor.evaluate import check_ratchet, evaluate, find_splits, format_report, update_ratchet
    from redactor.pipeline import Pipeline

    splits = find_splits(args.samples)
    wanted = set(args.split or ())  # "answers" names the generated application-form export split
    if wanted:
        unknown = sorted(wanted - {s.name for s in splits} - {"answers"})
        if unknown:
            print(f"redactor: {args.samples}: no labelled split named {', '.join(unknown)}", file=sys.stderr)
            return int(ExitCode.USAGE)
        splits = [s for s in splits if s.name in wanted]
    if not splits and "answers" not in wanted:
        print(f"redactor: {args.samples}: no labelled split (no truth/*.json)", file=sys.stderr)
        return int(ExitCode.USAGE)
    config = load_config(args.config, models_dir=args.models)
    pipeline = Pipeline(config)
    reports = []
    for split in splits:
        forms = {"both": (True, False), "with": (True,), "without": (False,)}[args.form]
        pair = [evaluate(split, pipeline, with_form=form, limit=args.limit, shared_dir=args.shared)
                for form in forms]
        if pair[0].docs == 0:
            print(f"split {split.name}: no document evaluated\nnote: {pair[0].skip_note}\n")
            continue
        print(format_report(pair) + "\n")
        reports.extend(pair)
    from redactor.answers.evaluate import evaluate_answers_split

    answers = (evaluate_answers_split(pipeline.detector, config, args.samples, rows=args.answers_rows)
               if not wanted or "answers" in wanted else None)
    if answers is not None:
        print(answers.format() + "\n")
    if args.explain:
        from redactor.evaluate_explain import explain, format_explain

        print(format_explain([explain(split, pipeline, limit=args.limit, shared_dir=args.shared)
                              for split in splits]) + "\n")
    scored: list = [*reports, *([answers] if answers is not None else [])]  # the answers split duck-types
    if args.json:
        args.json.write_text(json.dumps([r.to_dict() for r in scored], indent=2), encoding="utf-8")
    if args.ratchet and args.update_ratchet:
        update_ratchet(scored, args.ratchet, reset=args.reset_ratchet)
        print(f"ratchet updated: {args.ratchet}")
    elif args.ratchet:
        for key in dict.fromkeys(r.split for r in reports if r.skipped):
            print(f"note: ratchet not checked for split {key} (documents skipped)")
        drops = check_ratchet(scored, args.ratchet)
        if drops:
            for d in drops:
                print(f"REGRESSION: {d}", file=sys.stderr)
            return 3
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""The CLI glue of `redactor batch` and `redactor reveal`."""

from __future__ import annotations

import argparse
import sys

from redactor.batch.dask_pool import DaskTls
from redactor.batch.document import REFUSED
from redactor.batch.reveal import reveal
from redactor.batch.runner import run_batch
from redactor.config import load_config
from redactor.errors import (
    ConfigError,
    CorruptDocumentError,
    DependencyMissingError,
    EncryptedDocumentError,
    ExitCode,
    LimitExceededError,
    ProcessingError,
    UnsupportedFormatError,
)


def run_batch_cli(args: argparse.Namespace) -> int:
    """``redactor batch``; returns the exit code (KeyboardInterrupt propagates to the CLI: 130)."""
    config = load_config(args.config, models_dir=args.models)  # --models reaches every worker via the config
    if args.workers is not None and args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    try:
        result = run_batch(
            args.inbox, args.output, keys=args.keys, config=config, workers=args.workers,
            executor=args.executor, scheduler=args.scheduler, progress=not args.no_progress,
            tls=_tls(args), insecure=args.insecure, pdf=args.pdf,
            trial_key=getattr(args, "trial_key", None), answers=getattr(args, "answers", None),
            answers_separator=getattr(args, "answers_separator", ";"),
        )
    except (EncryptedDocumentError, CorruptDocumentError, UnsupportedFormatError, LimitExceededError,
            DependencyMissingError) as exc:  # e.g. the --answers export is password protected or unreadable
        print(f"redactor: {exc}", file=sys.stderr)
        return int(ExitCode.INPUT_FAILED)
    except ProcessingError as exc:  # the run stopped (e.g. no worker could load the pipeline)
        print(f"redactor: {exc}", file=sys.stderr)
        print("redactor batch: the run stopped; the summary says so and the key file keeps the state "
              "(run the same command again when the cause is fixed)", file=sys.stderr)
        return int(ExitCode.INPUT_FAILED)
    t = result.summary.get("totals", {})
    by = result.counts
    print(f"redactor batch: {t.get('applications', 0)} applications, {t.get('documents', 0)} documents: "
          f"{by.get('clean', 0)} clean, {by.get('needs_review', 0)} need review, {by.get('failed', 0)} failed, "
          f"{by.get(REFUSED, 0)} refused ({result.processed} processed now, {result.skipped} already done)",
          file=sys.stderr)
    overview = result.summary.get("overview")
    if overview:
        if overview.get("error_code"):
            print(f"redactor batch: overview not written: [{overview['error_code']}] {overview.get('error')}",
                  file=sys.stderr)
        else:
            oc = overview.get("counts", {})
            print(f"redactor batch: overview: {overview.get('rows', 0)} rows, {oc.get('clean', 0)} clean, "
                  f"{oc.get('needs_review', 0)} need review, {overview.get('applications_without_row', 0)} "
                  f"applications without a row", file=sys.stderr)
    if result.trial is not None:
        tr = result.trial
        print(f"redactor batch: trial: evaluation answers stored for {tr.stored} applications ({tr.declined} "
              f"without consent, {tr.unreadable} unreadable, {tr.without_file} without answers; {tr.from_columns} "
              f"from the export's trial columns)", file=sys.stderr)
    print(f"redactor batch: summary in {result.outbox / 'summary.html'}; key file {result.keys}", file=sys.stderr)
    return int(result.exit_code)


def _tls(args: argparse.Namespace) -> DaskTls | None:
    files = (args.tls_ca_file, args.tls_cert, args.tls_key)
    if not any(files):
        return None
    if not (args.tls_ca_file and args.tls_cert):
        raise ConfigError("--tls-ca-file and --tls-cert go together (with --tls-key unless the key is in the "
                          "certificate file)")
    return DaskTls(args.tls_ca_file, args.tls_cert, args.tls_key)


def reveal_cli(args: argparse.Namespace) -> int:
    """``redactor reveal KEYFILE NUMBER...``: exit 1 when a number is unknown."""
    found = reveal(args.keys, args.numbers)
    code = ExitCode.OK
    for number, rev in found.items():
        if rev is None:
            print(f"redactor: unknown candidate number {number}", file=sys.stderr)
            code = ExitCode.USAGE
            continue
        print(f"{number}\t{rev.path}")
        for doc in rev.documents:
            print(f"\t{doc}")
    return int(code)

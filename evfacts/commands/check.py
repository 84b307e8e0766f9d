"""``evfacts check``: is each claim supported, contradicted or not found in the coverage?"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List, Optional

import typer

from .options import Options, shared_options
from .output import EXIT_PARTIAL, EXIT_USAGE, emit, err, fail, report_writer
from .run import Run, build_extractor, refuse_to_overwrite


@shared_options
def check(
    claims: Optional[List[str]] = typer.Argument(None, metavar="CLAIM",
                                                 help='A claim sentence, e.g. "The IM L7 has a 93 kWh battery".'),
    inputs: Optional[List[str]] = typer.Option(None, "--in", "-i", metavar="PATH",
                                               help="Article file, folder or URL to check against (repeat for several; '-' reads stdin)."),
    claims_file: Optional[Path] = typer.Option(None, "--claims", "-c", metavar="FILE.yaml",
                                               help="A YAML list of claim sentences ({claim: sentence, id: ...} to give an id) or structured facts."),
    *,
    opts: Options,
) -> None:
    """Check claims against the coverage: supported, contradicted or not found.

    With --type, only the claimed facts of those types are checked.

    Exit codes: 0 every claim supported; 1 any claim contradicted or not found;
    2 a usage or input error (an unreadable article or claims file, or a claim
    from which no fact could be read).

    Examples:

      evfacts check --in articles/ "Xiaomi will start mass production of the SU7 in February 2024"

      evfacts check --in articles/ --claims claims.yaml --format json
    """
    from .. import claims as claiming
    from ..facts import TYPES
    from ..merge import Subjects, merge, statements_of

    fmt = opts.output_format()
    if claims_file is not None:
        refuse_to_overwrite(opts.output, [str(claims_file)])
    articles = opts.inputs(inputs, hint="'--in'")
    try:
        sources = [([{"claim": text} for text in claims or []], "claim"),
                   (claiming.load_claims_file(claims_file) if claims_file else [], f"{claims_file} item")]
    except claiming.ClaimError as exc:
        fail(str(exc))
    if not any(entries for entries, _ in sources):
        fail("no claims: give CLAIM sentences or --claims FILE.yaml")
    extractor = build_extractor(opts)
    reader = extractor.with_types(TYPES)        # a claim is read in full, then --type keeps its facts
    claim_day = opts.reference_date or dt.date.today()
    checked, problems = [], []
    for entries, where in sources:
        try:
            checked += claiming.build_claims(entries, lambda text: reader.extract_text(text, published=claim_day),
                                             where)
        except claiming.ClaimError as exc:
            problems.append(str(exc))
    if problems:
        for line in "\n".join(problems).splitlines():
            err(line)
        raise typer.Exit(EXIT_USAGE)
    checked = [c for c in checked if c.statement.type in opts.types]
    if not checked:
        fail(f"no claimed fact is of the --type given ({', '.join(opts.types)})")
    run = Run(extractor, opts)
    results = run.extracted(articles)
    if not results:
        fail("no article could be read; nothing to check against")
    statements = statements_of(results)
    subjects = Subjects.of_statements(extractor.gazetteer, statements)
    verdicts = claiming.check(checked, merge(statements, subjects), subjects)
    emit(opts, report_writer(fmt, verdicts, run.skipped, table=claiming.write_table, json=claiming.write_json,
                             jsonl=claiming.write_jsonl, csv=claiming.write_csv))
    if run.skipped:
        fail(f"{len(run.skipped)} input(s) could not be read; the verdicts rest on the others", EXIT_USAGE)
    if any(v.verdict != "supported" for v in verdicts):
        raise typer.Exit(EXIT_PARTIAL)

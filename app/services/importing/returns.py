"""`crossdock import returns`: the shop's return authorisations (RMAs) from a CSV file.

One row per returned line; the rows of one RMA share its number and may name
several orders of the same customer (docs/import-formats.md). A file with problems
imports nothing unless `skip_invalid`, which leaves out each RMA with a bad row and
imports the others. An RMA that exists already is a problem of its rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.models.vocab import RETURN_OUTCOMES
from app.services.authority import command_line_actor
from app.services.importing.bulk import all_or_nothing
from app.services.importing.csvrows import Cells, Source, read_table
from app.services.importing.problemlog import ProblemLog
from app.services.importing.report import ImportReport, Problem, refused
from app.services.importing.values import whole_number
from app.services.returns.authorise import BadReturn, RequestedLine, authorise_return

REQUIRED = ("rma", "order", "sku", "quantity", "reason")


@dataclass
class _Rma:
    number: str
    first_line: int
    outcome: str = "refund"
    lines: list[RequestedLine] = field(default_factory=list)
    bad: bool = False


def import_returns(
    session: Session,
    data: Source,
    *,
    source: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> ImportReport:
    """Authorise the file's RMAs in the caller's unit of work."""
    problems = ProblemLog()
    table, header_problems = read_table(data, required=REQUIRED, problems=problems)
    if table is None:
        return refused("returns", source, 0, header_problems, dry_run=dry_run)

    def work() -> ImportReport:
        assert table is not None
        rmas: dict[str, _Rma] = {}
        for line, row in table.rows:
            cells = Cells(table, line, row, [])
            number = cells.text("rma", max_length=40, required="give the RMA number").upper()
            order = cells.text("order", max_length=64, required="give the order number")
            sku = cells.text("sku", max_length=64, required="give the SKU returned")
            quantity = cells.parse("quantity", whole_number, required="give the quantity")
            reason = cells.text("reason", max_length=30, required="give the reason code")
            note = cells.text("note", max_length=300)
            outcome = cells.text("outcome", max_length=20).lower() or "refund"
            if outcome not in RETURN_OUTCOMES:
                cells.problem("outcome", f"use one of {', '.join(RETURN_OUTCOMES)}")
            rma = rmas.setdefault(number, _Rma(number, line, outcome))
            if outcome != rma.outcome:
                cells.problem("outcome", f"RMA {number} asks for {rma.outcome} on its first row")
            if cells.problems or not number or quantity is None:
                problems.extend(cells.problems)
                rma.bad = True
                continue
            rma.lines.append(RequestedLine(order, sku, quantity, reason.lower(), note))
        created = skipped = 0
        for rma in rmas.values():
            if rma.bad:
                skipped += 1
                continue
            try:
                with session.begin_nested():
                    authorise_return(
                        session,
                        command_line_actor(),
                        rma.number,
                        rma.lines,
                        requested_outcome=rma.outcome,
                    )
            except BadReturn as exc:
                problems.append(Problem(rma.first_line, None, f"RMA {rma.number}: {exc}"))
                skipped += 1
                continue
            created += 1
        if table.fatal or (problems and not skip_invalid):
            return refused(
                "returns",
                source,
                table.count,
                problems.listed(),
                dry_run=dry_run,
                not_listed=problems.more,
            )
        return ImportReport(
            subject="returns",
            source=source,
            rows=table.count,
            dry_run=dry_run,
            written=not dry_run and created > 0,
            refused=False,
            created=created,
            skipped=skipped,
            problems=problems.listed(),
            problems_not_listed=problems.more,
        )

    return all_or_nothing(session, work)

"""`crossdock print ...`: documents rendered headless, to a file or through the print queue.

`crossdock print label|invoice|cn22|cn23|packing-slip|sscc SHIPMENT` renders a shipment's
document (after the customs pre-flight, for labels and customs papers) and writes it
with `-o FILE`, or queues it on `--printer NAME` and sends it at once. The print queue's
own commands (`jobs`, `reprint`, `reroute`, `retry`, `run`) are in `print_jobs`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.commands import add_command, add_group, open_database
from app.commands.terminal import fail, say


def _commands(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from app.models import Carton
    from app.printing import pack_station_commands, render_command_sheet_pdf

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            cartons = list(
                session.scalars(
                    select(Carton.code).where(Carton.active.is_(True)).order_by(Carton.code)
                )
            )
    finally:
        db.close()
    pdf = render_command_sheet_pdf(pack_station_commands(cartons))
    try:
        Path(args.output).write_bytes(pdf)
    except OSError as exc:
        fail(f"cannot write {args.output}: {exc}")
        return 1
    say(f"Command sheet with {len(cartons)} carton codes written to {args.output}.")
    return 0


def register(subparsers: Any) -> None:
    from app.commands.print_documents import register_documents
    from app.commands.print_jobs import register_jobs
    from app.commands.returns import register_print as register_return_documents

    group = add_group(subparsers, "print", "Render documents to files or printers.")
    register_documents(group)
    register_jobs(group)
    register_return_documents(group)
    cmds = add_command(
        group, "commands", _commands, "The pack station's command sheet, with scannable barcodes."
    )
    cmds.add_argument("-o", "--output", required=True, metavar="FILE", help="PDF file to write")

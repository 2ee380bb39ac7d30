"""`crossdock rates import|list|quote|compare|choose|rules`: the seller's rate contracts
and the site's rules for choosing among them."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app.commands import add_command, add_group, open_database
from app.commands.terminal import fail, say, say_json, shown

EXIT_REFUSED = 1
GOODS = {
    "lithium": "lithium_alone",
    "lithium_alone": "lithium_alone",
    "lithium_in_equipment": "lithium_in_equipment",
    "dangerous": "dangerous",
}


def _import(args: argparse.Namespace) -> int:
    # Imported when the command runs: the station window starts without them.
    from app.services.importing.report import describe
    from app.services.rating.files import read_contract_files
    from app.services.rating.store import import_contract

    path = Path(args.file)
    if not path.exists():
        fail(f"there is no {args.file}; give a folder or zip of CSV files, or an XLSX workbook.")
        return EXIT_REFUSED
    files, problems = read_contract_files(path)
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            report, _ = import_contract(session, files, source=path.name, dry_run=args.dry_run)
            if problems:
                from app.services.importing.report import refused

                report = refused(
                    report.subject, path.name, 0, [*problems, *report.problems],
                    dry_run=args.dry_run,
                )  # fmt: skip
                session.rollback()
    finally:
        db.close()
    if args.json:
        say_json(report.as_dict())
    else:
        lines = describe(report)
        if report.refused:  # a contract imports whole or not at all: no --skip-invalid
            lines = [line for line in lines if "--skip-invalid" not in line]
            lines.append("Fix these lines and import the contract again.")
        say("\n".join(lines))
    return EXIT_REFUSED if report.refused else 0


def _list(args: argparse.Namespace) -> int:
    from app.services.rating.store import list_contracts

    db = open_database(args)
    try:
        with db.factory() as session:
            rows = list_contracts(session)
    finally:
        db.close()
    if args.json:
        say_json([
            {"id": r.info.id, "carrier": r.info.carrier, "reference": r.info.reference,
             "version": r.info.version, "currency": r.info.currency,
             "valid_from": r.info.valid_from.isoformat(),
             "valid_to": r.info.valid_to.isoformat() if r.info.valid_to else None,
             "services": r.services, "in_force": r.newest, "source": r.source,
             "imported_at": r.imported_at.isoformat()}
            for r in rows
        ])  # fmt: skip
        return 0
    if not rows:
        say("No rate contracts yet: import one with `crossdock rates import FILE`.")
        return 0
    for r in rows:
        until = r.info.valid_to.isoformat() if r.info.valid_to else "open-ended"
        state = "in force" if r.newest else "superseded (kept for its shipments)"
        say(f"{r.info.id:4}  {shown(r.info.carrier)} {shown(r.info.reference)} "
            f"v{r.info.version}  {r.info.currency}  {r.info.valid_from} to {until}  "
            f"{r.services} services  {state}")  # fmt: skip
    return 0


def _dims(text: str) -> tuple[Decimal, Decimal, Decimal]:
    parts = text.lower().removesuffix("cm").split("x")
    try:
        values = tuple(Decimal(p.strip()) for p in parts)
    except InvalidOperation:
        values = ()
    if len(values) != 3 or any(v <= 0 for v in values):
        raise argparse.ArgumentTypeError(f"{text!r} is not LxWxHcm; write it like 40x30x20cm")
    return values[0], values[1], values[2]


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not an amount; write it like 12.50")
    return value


def _goods(text: str) -> frozenset[str]:
    words = [w.strip().lower() for w in text.split(",") if w.strip()]
    unknown = [w for w in words if w not in GOODS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"{', '.join(unknown)}: not goods Crossdock knows; write {', '.join(GOODS)}"
        )
    return frozenset(GOODS[w] for w in words)


def _moment(text: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date and time; write it like '2026-12-04 18:00'"
        ) from None


def _quote(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from app.models import Warehouse
    from app.services.customs.rates import current_rates
    from app.services.rating.engine import Consignment, quote
    from app.services.rating.facts import wall_clock, warehouse_zone
    from app.services.rating.snapshot import exclusion_json, option_json, shop_currency
    from app.services.rating.store import current_book

    length, width, height = args.dims
    country = args.to.strip().upper()
    consignment = Consignment(
        country, args.postcode or "", args.weight, length, width, height,
        value=args.value or Decimal(0), value_currency=(args.currency or "").upper(),
        goods=args.goods or frozenset(),
    )  # fmt: skip
    db = open_database(args)
    try:
        with db.factory() as session:
            book = current_book(session)
            home = session.scalar(select(Warehouse.country).order_by(Warehouse.id).limit(1))
            rates = current_rates(session)
            zone = warehouse_zone(session)
    finally:
        db.close()
    shop = shop_currency(home)
    now = wall_clock(dt.datetime.now(dt.UTC), zone)  # the cut-offs are the warehouse's times
    if args.value and not args.currency:
        consignment = Consignment(**{**consignment.__dict__, "value_currency": shop})
    assert now is not None
    q = quote(book, consignment, now=now, ship_by=args.ship_by, rates=rates,
              shop_currency=shop)  # fmt: skip
    if args.json:
        say_json({"options": [option_json(o) for o in q.options],
                  "excluded": [exclusion_json(e) for e in q.excluded]})  # fmt: skip
        return 0 if q.options else EXIT_REFUSED
    _say_quote(q, country)
    return 0 if q.options else EXIT_REFUSED


def _say_quote(q: Any, country: str) -> None:
    from app.services.rating.words import exclusion_words, flag_words, line_words

    if not q.options:
        say(f"No service can carry this parcel to {country}.")
    for n, o in enumerate(q.options, start=1):
        shop = ""
        if o.total_shop is not None and o.shop_currency != o.currency:
            shop = f" = {o.total_shop} {o.shop_currency}"
        weight = f", billable {o.billable} {o.weight_unit}" if o.billable else ""
        say(f"{n}. {shown(o.carrier)} {shown(o.service_name)} ({o.mode}, zone {shown(o.zone)})"
            f": {o.total} {o.currency}{shop}{weight}; departs {o.departs:%a %d %b %H:%M}, "
            f"delivered {o.earliest:%a %d %b} to {o.latest:%a %d %b}")  # fmt: skip
        for line in o.lines:
            say(f"     {line_words(line):40} {line.amount:>10} {o.currency}")
        if o.needs:
            say(f"     needs: {', '.join(o.needs)}")
        for flag in o.flags:
            say(f"     {flag_words(flag)}")
    if q.excluded:
        say("Not offered:")
        for e in q.excluded:
            say(f"  {shown(e.carrier)} {shown(e.service)} ({shown(e.contract)}): "
                f"{exclusion_words(e)}")  # fmt: skip


def _choose(args: argparse.Namespace) -> int:
    from app.services.authority import command_line_actor
    from app.services.errors import ServiceError
    from app.services.rating.choice import change_service
    from app.services.shipments import find_shipment

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            change = change_service(
                session, command_line_actor(), find_shipment(session, args.shipment),
                carrier=args.carrier, service=args.service, reason=args.reason,
            )  # fmt: skip
    except ServiceError as exc:
        fail(f"{exc}")
        return EXIT_REFUSED
    finally:
        db.close()
    option = change.choice.option
    assert option is not None
    say(f"Shipment {change.choice.shipment_id} now goes by {shown(option.carrier)} "
        f"{shown(option.service_name)}: {option.total} {option.currency} "
        f"(reason kept: {shown(change.choice.reason)}).")  # fmt: skip
    if change.preflight.ok:
        say("Customs pre-flight: ready.")
    else:
        say("Customs pre-flight on the new service:")
        for problem in change.preflight.problems:
            say(f"  {shown(problem)}")
    return 0


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it like 2026-11-30"
        ) from None


def _compare_contracts(session: Any, args: argparse.Namespace) -> list[Any] | str:
    """The contracts named (id or reference; the newest version), or all in force, and
    the one in `--file` (imported as with --dry-run, never stored); or what is wrong."""
    from app.services.rating.book import ContractInfo
    from app.services.rating.files import read_contract_files
    from app.services.rating.reader import read_sheet
    from app.services.rating.store import contracts_by_id, list_contracts

    stored = list_contracts(session)
    wanted: list[int] = []
    for name in args.contract or []:
        found = [c for c in stored if str(c.info.id) == name or c.info.reference == name]
        if not found:
            known = ", ".join(sorted({c.info.reference for c in stored})) or "none"
            return f"there is no contract {name}; the contracts here are {known}"
        wanted.append(max(found, key=lambda c: c.info.version).info.id)
    if not wanted:
        wanted = [c.info.id for c in stored if c.newest]
    chosen = contracts_by_id(session, wanted)
    if args.file:
        files, problems = read_contract_files(Path(args.file))
        sheet, more = read_sheet(files) if not problems else (None, [])
        if sheet is None:
            return "the contract in --file has problems:\n" + "\n".join(
                f"  {p}" for p in [*problems, *more]
            )
        info = ContractInfo(0, sheet.carrier, sheet.reference + " (not imported)", 0,
                            sheet.currency, sheet.valid_from, sheet.valid_to)  # fmt: skip
        chosen.append((info, sheet))
    return chosen


def _compare(args: argparse.Namespace) -> int:
    from app.printing.csv_safe import csv_text
    from app.printing.rate_comparison import render_rate_comparison_pdf
    from app.services.rating.compare import compare_contracts
    from app.services.rating.report import comparison_json, comparison_pdf_data, comparison_rows

    if args.to < args.since:
        fail(f"--to {args.to} is before --from {args.since}; give the period's first day first.")
        return EXIT_REFUSED
    db = open_database(args)
    try:
        with db.factory() as session:
            contracts = _compare_contracts(session, args)
            if isinstance(contracts, str):
                fail(contracts)
                return EXIT_REFUSED
            result = compare_contracts(session, contracts, start=args.since, end=args.to)
    finally:
        db.close()
    if args.json:
        say_json(comparison_json(result))
    elif args.csv:
        header, rows = comparison_rows(result)
        say(csv_text(header, rows, line_end="\n").rstrip("\n"))
    else:
        header, rows = comparison_rows(result)
        say(f"{result.shipments} shipments, {result.parcels} parcels, {args.since} to {args.to}:")
        for row in rows:
            say("  " + ", ".join(f"{h} {shown(v)}" for h, v in zip(header, row, strict=True)))
    if args.pdf:
        Path(args.pdf).write_bytes(render_rate_comparison_pdf(comparison_pdf_data(result)))
        say(f"Written {args.pdf}.")
    return 0


def _rule_words(r: Any) -> str:
    from app.services.rating.words import RULES

    if r.preferred_carrier:
        return (
            f"{shown(r.preferred_carrier)} when it costs at most {r.margin_pct}% more than "
            "the cheapest"
        )
    return RULES.get(r.rule, r.rule)


def _rules_list(args: argparse.Namespace) -> int:
    from app.services.rating.rules import list_rules

    db = open_database(args)
    try:
        with db.factory() as session:
            rules = list_rules(session)
    finally:
        db.close()
    if args.json:
        say_json([
            {"channel": r.channel, "service_level": r.service_level, "rule": r.rule,
             "preferred_carrier": r.preferred_carrier, "margin_pct": str(r.margin_pct)}
            for r in rules
        ])  # fmt: skip
        return 0
    if not rules:
        say("No shipping rules: every shipment takes the cheapest service that delivers by "
            "its promised date. Set one with `crossdock rates rules set`.")  # fmt: skip
        return 0
    for r in rules:
        say(f"channel {r.channel or 'any'}, service level {r.service_level or 'any'}: "
            f"{_rule_words(r)}")  # fmt: skip
    return 0


def _rules_set(args: argparse.Namespace) -> int:
    from app.services.authority import command_line_actor
    from app.services.errors import ServiceError
    from app.services.rating.rules import set_rule

    db = open_database(args)
    try:
        with db.factory.begin() as session:
            done = set_rule(
                session, command_line_actor(), channel=args.channel, service_level=args.level,
                rule=args.rule, preferred_carrier=args.carrier, margin_pct=args.margin,
            )  # fmt: skip
    except ServiceError as exc:
        fail(f"{exc}")
        return EXIT_REFUSED
    finally:
        db.close()
    say(f"Shipments of channel {done.channel or 'any'}, service level "
        f"{done.service_level or 'any'} now take {_rule_words(done)}.")  # fmt: skip
    return 0


def register(subparsers: Any) -> None:
    rates = add_group(subparsers, "rates", "The seller's rate contracts with carriers.")
    load = add_command(
        rates, "import", _import,
        "Import a rate contract: a folder or zip of CSV files, or one XLSX workbook "
        "(docs/rate-contracts.md). A new version never changes the one shipments used.",
    )  # fmt: skip
    load.add_argument("file", metavar="FILE")
    load.add_argument("--dry-run", action="store_true", help="check it; write nothing")
    load.add_argument("--json", action="store_true", help="print the summary as JSON")
    listing = add_command(rates, "list", _list, "The contracts and their versions.")
    listing.add_argument("--json", action="store_true")
    ask = add_command(
        rates, "quote", _quote, "Every service that can carry a parcel, cheapest first."
    )
    ask.add_argument("--to", required=True, metavar="CC", help="destination country (ISO code)")
    ask.add_argument("--postcode", metavar="P")
    ask.add_argument("--weight", required=True, type=_amount, metavar="KG")
    ask.add_argument("--dims", required=True, type=_dims, metavar="LxWxHcm")
    ask.add_argument("--value", type=_amount, metavar="V")
    ask.add_argument("--currency", metavar="C", help="the value's currency (default: the shop's)")
    ask.add_argument("--goods", type=_goods, metavar="lithium,...",
                     help="lithium (batteries alone), lithium_in_equipment, dangerous")  # fmt: skip
    ask.add_argument(
        "--ship-by",
        type=_moment,
        metavar="'YYYY-MM-DD HH:MM'",
        help="the promised delivery: services that would be later are left out",
    )
    ask.add_argument("--json", action="store_true")
    against = add_command(
        rates, "compare", _compare,
        "Re-rate a past period's shipments under each contract: totals, per parcel, per "
        "destination and weight band, on time, what a contract could not carry.",
    )  # fmt: skip
    against.add_argument("--from", dest="since", required=True, type=_day, metavar="DATE")
    against.add_argument("--to", required=True, type=_day, metavar="DATE")
    against.add_argument("--contract", action="append", metavar="ID|REFERENCE")
    against.add_argument("--file", metavar="FILE", help="also a contract not imported (dry run)")
    shape = against.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true")
    shape.add_argument("--csv", action="store_true")
    against.add_argument("--pdf", metavar="FILE", help="also write the comparison with a chart")
    choose = add_command(
        rates, "choose", _choose,
        "Change a shipment's service to another it was rated for, before its label prints.",
    )  # fmt: skip
    rules = add_group(
        rates, "rules", "The site's rules for choosing a service, per channel and service level."
    )
    add_command(rules, "list", _rules_list, "Every shipping rule.").add_argument(
        "--json", action="store_true"
    )
    setting = add_command(
        rules, "set", _rules_set,
        "Set the rule of a channel and service level (a supervisor's change; audited).",
    )  # fmt: skip
    setting.add_argument("--channel", default="any", metavar="CHANNEL|any")
    setting.add_argument("--level", default="any", metavar="LEVEL|any", help="service level")
    setting.add_argument(
        "--rule", required=True, metavar="RULE",
        help="cheapest_on_time, fastest or preferred_carrier",
    )  # fmt: skip
    setting.add_argument("--carrier", metavar="CODE", help="the preferred carrier")
    setting.add_argument(
        "--margin", type=_amount, default=Decimal(0), metavar="PCT",
        help="how much dearer than the cheapest the preferred carrier may be, in %%",
    )  # fmt: skip
    choose.add_argument("shipment", metavar="SHIPMENT")
    choose.add_argument("--carrier", required=True)
    choose.add_argument("--service", required=True)
    choose.add_argument("--reason", required=True)

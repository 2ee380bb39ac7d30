"""`crossdock operators ...`: staff managed headless, by the same rules as the Staff screen."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from app.commands import add_command, add_group, open_database
from app.models.vocab import ROLES
from app.services.errors import ServiceError
from app.services.staff import add_operator, list_operators


def _add(args: argparse.Namespace) -> int:
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            info = add_operator(
                session, badge=args.badge, name=args.name, role=args.role, pin=args.pin
            )
    except ServiceError as exc:
        print(f"crossdock: {exc}", file=sys.stderr)
        return 1
    finally:
        db.close()
    print(f"Added {info.role} {info.name} with badge {info.badge_code}.")
    return 0


def _list(args: argparse.Namespace) -> int:
    db = open_database(args)
    try:
        with db.factory.begin() as session:
            operators = list_operators(session)
    finally:
        db.close()
    if args.json:
        json.dump([asdict(op) for op in operators], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not operators:
        print("No operators yet. Add one with: crossdock operators add --badge ... --name ...")
        return 0
    width = max(len(op.badge_code) for op in operators)
    for op in operators:
        state = "" if op.active else "  (disabled)"
        print(f"{op.badge_code:<{width}}  {op.role:<10}  {op.name}{state}")
    return 0


def register(subparsers: Any) -> None:
    group = add_group(subparsers, "operators", "Staff who sign in at the stations.")
    add = add_command(group, "add", _add, "Add an operator (supervisors need a PIN).")
    add.add_argument("--badge", required=True, help="the code on the operator's badge")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--pin", help="4 to 12 digits; required for supervisors")
    listing = add_command(group, "list", _list, "List operators.")
    listing.add_argument("--json", action="store_true", help="print JSON")

"""Two stations importing a new version of the same contract at once, on PostgreSQL: the
database's unique key lets one version 2 in and refuses the other."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.db import make_engine, make_session_factory
from app.models import Carrier, RateContract
from app.services.rating.files import read_contract_files
from app.services.rating.store import import_contract

ACME = Path(__file__).parent.parent / "data" / "rates" / "acme"


def test_two_imports_of_a_new_version_at_once_store_one(pg_url: str, tmp_path: Path) -> None:
    engine = make_engine(pg_url)
    factory = make_session_factory(engine)
    with factory.begin() as s:
        s.add(Carrier(code="DHL", name="DHL Express", tracking_format="dhl"))
        s.flush()
        files, _ = read_contract_files(ACME)
        import_contract(s, files)
    offers = []
    for n, price in enumerate(("12.00", "13.00")):
        folder = tmp_path / f"offer{n}"
        shutil.copytree(ACME, folder)
        breaks = (folder / "breaks.csv").read_text()
        (folder / "breaks.csv").write_text(
            breaks.replace("ECX,EU,0,5,11.00", f"ECX,EU,0,5,{price}")
        )
        offers.append(read_contract_files(folder)[0])
    both_read = threading.Barrier(2)
    outcomes: list[str] = []

    def station(files: dict[str, bytes]) -> None:
        try:
            with factory.begin() as s:
                s.execute(select(func.count(RateContract.id))).one()
                both_read.wait(timeout=10)  # both saw version 1 as the newest
                import_contract(s, files)
            outcomes.append("stored")
        except IntegrityError as exc:
            outcomes.append(getattr(exc.orig.diag, "constraint_name", "") or "")  # type: ignore[union-attr]

    threads = [threading.Thread(target=station, args=(f,)) for f in offers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    with factory() as s:
        versions = sorted(s.scalars(select(RateContract.version)))
    engine.dispose()
    assert versions == [1, 2]
    assert sorted(outcomes) == ["stored", "uq_rate_contracts_carrier_id_reference_version"]

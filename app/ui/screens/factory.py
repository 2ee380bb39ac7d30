"""Building the work screens a role may use, after sign-in (imports stay lazy: the
sign-in screen must come up fast)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtWidgets import QWidget

    from app.services.staff import OperatorInfo
    from app.services.station import StationContext
    from app.ui.printing import PrintQueueRunner
    from app.ui.sounds import SoundPlayer
    from app.ui.startup import Runtime
    from app.ui.tasks import Pool


def _station_context(runtime: Runtime, operator: OperatorInfo) -> StationContext:
    from app.services.station import StationContext, StationSettings

    return StationContext(
        station_id=runtime.station.id,
        station_name=runtime.station.name,
        operator_id=operator.id,
        operator_name=operator.name,
        operator_role=operator.role,
        settings=StationSettings.from_dict(runtime.station.settings),
    )


def build_screen(
    name: str,
    runtime: Runtime,
    operator: OperatorInfo,
    sounds: SoundPlayer,
    station_pool: Pool | None = None,
    print_runner: PrintQueueRunner | None = None,
) -> QWidget | None:
    """A work screen: it loads what it shows off the GUI thread, again on `refresh()`."""
    # Imported here, after sign-in: the sign-in screen must come up fast.
    runner = runtime.runner
    if name in ("pack", "pick"):
        from app.config import data_dir
        from app.services.station.signin import scan_settings_of
        from app.services.stationloop.journal import Journal, journal_path
        from app.services.stationloop.loop import StationLoop

        context = _station_context(runtime, operator)
        settings = scan_settings_of(runtime.station.settings)
        engine_url = str(runtime.factory.kw["bind"].url)
        if name == "pack":
            from app.services.labelling import documents_hook
            from app.ui.screens.pack import PackScreen

            loop = StationLoop(
                runtime.factory,
                context,
                Journal(
                    journal_path(data_dir(), runtime.station.name, engine_url), context.station_id
                ),
                scan_settings=settings,
                documents=documents_hook(runtime.factory, runtime.station.id),
            )
            return PackScreen(
                loop,
                pool=station_pool,
                sounds=sounds,
                typing_threshold_ms=settings.typing_threshold_ms,
            )
        from app.services.stationloop.pick_policy import PickPolicy
        from app.ui.screens.pick import PickScreen

        # A journal of its own: the pick and pack screens of one window sync apart.
        picking = StationLoop(
            runtime.factory,
            context,
            Journal(
                journal_path(data_dir(), f"{runtime.station.name}-pick", engine_url),
                context.station_id,
            ),
            policy=PickPolicy(context),
            scan_settings=settings,
        )
        return PickScreen(
            picking,
            pool=station_pool,
            sounds=sounds,
            typing_threshold_ms=settings.typing_threshold_ms,
        )
    if name == "dock":
        from app.config import data_dir
        from app.services.dock.policy import DockPolicy
        from app.services.dock.views import carrier_choices
        from app.services.station.signin import scan_settings_of
        from app.services.stationloop.journal import Journal, journal_path
        from app.services.stationloop.loop import StationLoop
        from app.ui.screens.dock import DockScreen

        context = _station_context(runtime, operator)
        settings = scan_settings_of(runtime.station.settings)
        engine_url = str(runtime.factory.kw["bind"].url)
        # The dock's journal is its own: a station may also pack, with another journal.
        dock_name = f"{runtime.station.name}-dock"
        loop = StationLoop(
            runtime.factory,
            context,
            Journal(journal_path(data_dir(), dock_name, engine_url), context.station_id),
            policy=DockPolicy(context),
            scan_settings=settings,
        )
        factory = runtime.factory

        def carriers() -> list[tuple[str, str]]:
            with factory() as session:
                return carrier_choices(session)

        return DockScreen(
            loop,
            carriers,
            pool=station_pool,
            sounds=sounds,
            typing_threshold_ms=settings.typing_threshold_ms,
        )
    if name == "returns":
        from app.config import data_dir
        from app.services.returns.policy import ReturnsPolicy
        from app.services.station.signin import scan_settings_of
        from app.services.stationloop.journal import Journal, journal_path
        from app.services.stationloop.loop import StationLoop
        from app.ui.screens.returns import ReturnsScreen

        context = _station_context(runtime, operator)
        settings = scan_settings_of(runtime.station.settings)
        engine_url = str(runtime.factory.kw["bind"].url)
        # A journal of its own: the returns station's entries never queue behind packing.
        returns_journal = Journal(
            journal_path(data_dir(), f"{runtime.station.name}-returns", engine_url),
            context.station_id,
        )
        loop = StationLoop(
            runtime.factory,
            context,
            returns_journal,
            policy=ReturnsPolicy(context),
            scan_settings=settings,
        )
        return ReturnsScreen(
            loop,
            runner=runner,
            operator_id=operator.id,
            operator_name=operator.name,
            pool=station_pool,
            sounds=sounds,
            typing_threshold_ms=settings.typing_threshold_ms,
        )
    if name == "goods_in":
        return _goods_in_screen(runtime, operator, sounds, station_pool)
    if name == "buying":
        from app.ui.screens.buying import BuyingScreen

        return BuyingScreen(runner, operator)
    if name == "orders":
        from app.ui.screens.orders import OrdersScreen

        return OrdersScreen(runner, operator, changes=runtime.changes)
    if name == "dispatch":
        from app.ui.screens.dispatch import DispatchScreen

        return DispatchScreen(
            runner,
            station_id=runtime.station.id,
            operator_id=operator.id,
            factory=runtime.factory,
            print_runner=print_runner,
            changes=runtime.changes,
        )
    if name == "set_aside":
        from app.ui.screens.set_aside import SetAsideScreen

        return SetAsideScreen(runner, operator)
    if name == "shift":
        from app.ui.screens.shift import ShiftScreen

        return ShiftScreen(runner, changes=runtime.changes)
    if name == "rate_compare":
        from app.ui.screens.rate_compare import RateCompareScreen

        return RateCompareScreen(runner)
    if name == "staff":
        from app.ui.screens.staff import StaffScreen

        return StaffScreen(runner, operator)
    return None  # a screen of the role that this build does not have yet


def _goods_in_screen(
    runtime: Runtime, operator: OperatorInfo, sounds: SoundPlayer, station_pool: Pool | None
) -> QWidget:
    from sqlalchemy.orm import Session

    from app.config import data_dir
    from app.services.goodsin.labels import LabelQueued, queue_unit_label
    from app.services.goodsin.policy import GoodsInPolicy, UnitLabel
    from app.services.station.signin import scan_settings_of
    from app.services.stationloop.journal import Journal, journal_path
    from app.services.stationloop.loop import StationLoop
    from app.ui.screens.goods_in import GoodsInScreen
    from app.ui.tasks import describe_error

    context = _station_context(runtime, operator)
    settings = scan_settings_of(runtime.station.settings)
    engine_url = str(runtime.factory.kw["bind"].url)
    # A journal of its own: the pack station's state rows never meet goods-in's.
    path = journal_path(data_dir(), f"{runtime.station.name}-goods-in", engine_url)
    loop = StationLoop(
        runtime.factory,
        context,
        Journal(path, context.station_id),
        policy=GoodsInPolicy(context),
        scan_settings=settings,
    )

    def print_label(label: UnitLabel, report: Callable[[str], None]) -> None:
        def work(session: Session) -> LabelQueued:
            return queue_unit_label(
                session,
                station_id=context.station_id,
                operator_id=context.operator_id,
                gtin=label.gtin,
                sku=label.sku,
                name=label.name,
                lot=label.lot,
                expiry=label.expiry,
            )

        def done(queued: LabelQueued) -> None:
            if queued.printer is None:
                report(f"No label printed for {label.sku}: {queued.reason}.")
            else:
                report(f"Label for {label.sku} sent to {queued.printer}: stick it on the unit.")

        runtime.runner.run(work, done, lambda error: report(describe_error(error)))

    return GoodsInScreen(
        loop,
        pool=station_pool,
        sounds=sounds,
        typing_threshold_ms=settings.typing_threshold_ms,
        print_label=print_label,
    )

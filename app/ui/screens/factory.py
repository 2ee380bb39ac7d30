"""Building the work screens a role may use, after sign-in (imports stay lazy: the
sign-in screen must come up fast)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

        context = _station_context(runtime, operator)
        settings = scan_settings_of(runtime.station.settings)
        journal = data_dir() / f"unsaved-scans-{runtime.station.name}.jsonl"
        if name == "pack":
            from app.services.labelling import documents_hook
            from app.services.stationloop.journal import Journal, journal_path
            from app.services.stationloop.loop import StationLoop
            from app.ui.screens.pack import PackScreen

            engine_url = str(runtime.factory.kw["bind"].url)
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
        from app.services.picking import PickStation
        from app.ui.screens.pick import PickScreen

        pick = PickStation(runtime.factory, context, scan_settings=settings, journal=journal)
        return PickScreen(
            pick, pool=station_pool, sounds=sounds, typing_threshold_ms=settings.typing_threshold_ms
        )
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
    if name == "staff":
        from app.ui.screens.staff import StaffScreen

        return StaffScreen(runner, operator)
    return None  # a screen of the role that this build does not have yet

"""The supervisor's shift: throughput, complexity-adjusted performance, orders at risk."""

from app.services.shift.figures import (
    Figures,
    HourRow,
    ShiftFigures,
    fit_history,
    shift_figures,
)
from app.services.shift.maths import (
    FEATURES,
    IDLE_THRESHOLD_S,
    MIN_ORDERS,
    Fit,
    HistoryTooShort,
    Makeup,
    PackingModel,
)
from app.services.shift.risk import CutOff, OrderAtRisk, Risk

__all__ = [
    "FEATURES",
    "IDLE_THRESHOLD_S",
    "MIN_ORDERS",
    "CutOff",
    "Figures",
    "Fit",
    "HistoryTooShort",
    "HourRow",
    "Makeup",
    "OrderAtRisk",
    "PackingModel",
    "Risk",
    "ShiftFigures",
    "fit_history",
    "shift_figures",
]

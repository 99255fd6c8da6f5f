"""Convexity (placeholder)."""

from __future__ import annotations

from ..results import Claim
from ..spec import Activation


def convexity_claim(act: Activation) -> Claim:
    return Claim("convexity", None, status="unknown", reason="not yet")

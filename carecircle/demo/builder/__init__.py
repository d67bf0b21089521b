"""The demo and the test world: fictional counties, agencies, staff for every persona,
and youth with realistic (synthetic) histories — all made through the actions."""

from carecircle.demo.builder.core import DemoSummary, build_demo
from carecircle.demo.builder.people import (
    STATE_ANALYST_USERNAME,
    county_name,
    demo_accounts,
    demo_api_token,
    make_departed_colleague,
    persona_username,
)

__all__ = [
    "STATE_ANALYST_USERNAME",
    "DemoSummary",
    "build_demo",
    "county_name",
    "demo_accounts",
    "demo_api_token",
    "make_departed_colleague",
    "persona_username",
]

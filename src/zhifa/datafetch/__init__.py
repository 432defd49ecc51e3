"""Data provisioning: fill the data directory with law texts and decisions (`zhifa data fetch`)."""

from zhifa.datafetch.fetch import FetchReport, fetch
from zhifa.datafetch.status import StatusReport, status

__all__ = ["FetchReport", "StatusReport", "fetch", "status"]

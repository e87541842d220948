"""All models, imported here so Alembic's autogenerate sees every table."""

from .accounts import User
from .audit import AuditTrailIsAppendOnly, Event
from .checks import CheckRecord
from .items import PRIORITIES, SOURCES, Action, Attachment, ExtensionRequest, Item
from .org import STAGES, UNIT_KINDS, Campaign, Category, InspectionGroup, Unit
from .tokens import ApiToken

__all__ = [
    "Action", "ApiToken", "Attachment", "AuditTrailIsAppendOnly", "Campaign", "Category",
    "CheckRecord", "Event", "ExtensionRequest", "InspectionGroup", "Item", "PRIORITIES", "SOURCES", "STAGES",
    "UNIT_KINDS", "Unit", "User",
]

"""All models, imported here so Alembic's autogenerate sees every table."""

from .accounts import LoginFailure, User
from .audit import AuditTrailIsAppendOnly, Event
from .chases import Chase
from .checks import CheckRecord
from .counters import CodeCounter
from .followup import Rating, Recheck
from .generation import DataGeneration
from .items import PRIORITIES, SOURCES, Action, Attachment, ExtensionRequest, Item
from .notifications import Notification
from .org import STAGES, UNIT_KINDS, Campaign, Category, InspectionGroup, Unit
from .sessions import UserSession
from .tokens import ApiToken

__all__ = [
    "Action", "ApiToken", "Attachment", "AuditTrailIsAppendOnly", "Campaign", "Category", "Chase",
    "CheckRecord", "CodeCounter", "DataGeneration", "Event", "ExtensionRequest", "InspectionGroup", "LoginFailure", "Item", "Notification", "PRIORITIES", "Rating", "Recheck", "SOURCES", "STAGES",
    "UNIT_KINDS", "Unit", "User", "UserSession",
]

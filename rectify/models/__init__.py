"""All models, imported here so Alembic's autogenerate sees every table."""

from .accounts import LoginFailure, RecoveryCode, User
from .audit import AuditTrailIsAppendOnly, Event
from .calendar import SpecialDay
from .chases import Chase
from .checks import CheckRecord
from .counters import CodeCounter
from .deliverables import Deliverable, DeliverableFile, DeliverableSubmission
from .evaluation import (
    Evaluation,
    Indicator,
    Question,
    RaterCode,
    RaterDraft,
    RaterGroup,
    RatingSheet,
    SheetAnswer,
    SheetScore,
)
from .evaluation_paper import PaperSheet
from .followup import Rating, Recheck
from .generation import DataGeneration
from .items import PRIORITIES, SOURCES, Action, Attachment, ExtensionRequest, Item
from .notifications import Notification
from .org import (
    STAGES,
    UNIT_KINDS,
    Campaign,
    CampaignStage,
    Category,
    InspectionGroup,
    Organisation,
    Unit,
    UnitAlias,
)
from .sessions import UserSession
from .tokens import ApiToken

__all__ = [
    "Action", "ApiToken", "Attachment", "AuditTrailIsAppendOnly", "Campaign", "CampaignStage",
    "Category", "Chase", "CheckRecord", "CodeCounter", "DataGeneration", "Deliverable",
    "DeliverableFile", "DeliverableSubmission", "Evaluation", "Event", "ExtensionRequest",
    "InspectionGroup",
    "LoginFailure", "Item", "Notification", "Organisation", "PaperSheet", "PRIORITIES", "Rating",
    "Recheck",
    "RaterCode", "RaterDraft", "RaterGroup", "RatingSheet", "RecoveryCode",
    "Indicator", "Question", "SheetAnswer", "SheetScore",
    "SOURCES", "STAGES", "SpecialDay", "UNIT_KINDS", "Unit", "UnitAlias", "User", "UserSession",
]

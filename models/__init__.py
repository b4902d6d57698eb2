"""SQLAlchemy models, one module per aggregate. Importing the package registers them all."""
from models.attachment import Attachment
from models.base import Base, db
from models.calendar import Anniversary, AnniversaryKind, CalendarToken
from models.campaign import Campaign, CampaignChange, CampaignKind, CampaignStatus, Criterion
from models.event import (
    BudgetLine, DelegateGroup, Event, EventKind, EventStatus, Gender, InvitationStatus, Participant,
    ProgramItem,
)
from models.organisation import Cluster, Department, OrgSettings, Unit, UnitKind
from models.plan_import import PlanImport, PlanImportStatus
from models.registration import Registration, RegistrationItem, RegistrationStatus
from models.score import Score
from models.security import LockKind, LoginAttempt, LoginLock
from models.target import Target, TargetReport, UnitTarget
from models.task import (
    Task, TaskChange, TaskComment, TaskPriority, TaskStatus, TaskTemplate, TaskTemplateItem,
)
from models.user import Role, User
from models.wave import (
    Award, Nomination, NominationFile, NominationStatus, NominationStep, Review, ReviewCriterion, ReviewScore,
    Subject, Wave, Work, WorkCategory, WorkFile, WorkStatus,
)

__all__ = [
    "Anniversary", "AnniversaryKind", "CalendarToken", "Attachment", "Base", "db", "Cluster", "Department", "OrgSettings", "Unit", "UnitKind", "Role", "User",
    "BudgetLine", "DelegateGroup", "Event", "EventKind", "EventStatus", "Gender", "InvitationStatus",
    "Participant", "ProgramItem", "Task", "TaskChange", "TaskComment", "TaskPriority", "TaskStatus",
    "TaskTemplate", "TaskTemplateItem", "Campaign", "CampaignChange", "CampaignKind", "CampaignStatus",
    "Criterion", "Registration", "RegistrationItem", "RegistrationStatus", "Score", "Target", "TargetReport",
    "UnitTarget", "Award", "Nomination", "NominationFile", "NominationStatus", "NominationStep", "Review",
    "ReviewCriterion", "ReviewScore", "Subject", "Wave", "Work", "WorkCategory", "WorkFile", "WorkStatus",
    "PlanImport", "PlanImportStatus", "LockKind", "LoginAttempt", "LoginLock",
]

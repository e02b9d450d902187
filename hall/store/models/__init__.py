"""The stored data, one module per domain: meetings and deputies, projects, ballots and the
ballot box, the desk. Everything is re-exported here: `from hall.store.models import Ballot`.
"""

from hall.store.db import Base  # callers read the tables off its metadata
from hall.store.models.ballots import (
    Ballot,
    BallotItem,
    NamedVote,
    PaperEntry,
    Participation,
    Sheet,
)
from hall.store.models.desk import AuditEntry, CodeAttempt, DeskSession, PendingImport, User
from hall.store.models.meetings import Delegation, Deputy, Meeting, RetiredCard
from hall.store.models.projects import Candidate, Project, SubProject
from hall.store.models.proposals import Proposal, ProposalGram, ProposalRound, ProposalSupport
from hall.store.models.supervision import (
    ContactLog,
    DepartmentAccount,
    GroupMember,
    Inspection,
    InspectionFinding,
    InspectionProject,
    ProgressReport,
    Rectification,
    RegisterItem,
    RegisterProject,
    ReportLine,
    SupervisionGroup,
    SupervisionSetting,
)

__all__ = [
    "AuditEntry",
    "Ballot",
    "BallotItem",
    "Base",
    "Candidate",
    "CodeAttempt",
    "ContactLog",
    "Delegation",
    "DepartmentAccount",
    "Deputy",
    "DeskSession",
    "GroupMember",
    "Inspection",
    "InspectionFinding",
    "InspectionProject",
    "Meeting",
    "NamedVote",
    "PaperEntry",
    "Participation",
    "PendingImport",
    "ProgressReport",
    "Project",
    "Proposal",
    "ProposalGram",
    "ProposalRound",
    "ProposalSupport",
    "Rectification",
    "RegisterItem",
    "RegisterProject",
    "ReportLine",
    "RetiredCard",
    "Sheet",
    "SubProject",
    "SupervisionGroup",
    "SupervisionSetting",
    "User",
]

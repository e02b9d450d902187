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

__all__ = [
    "AuditEntry",
    "Ballot",
    "BallotItem",
    "Base",
    "Candidate",
    "CodeAttempt",
    "Delegation",
    "Deputy",
    "DeskSession",
    "Meeting",
    "NamedVote",
    "PaperEntry",
    "Participation",
    "PendingImport",
    "Project",
    "Proposal",
    "ProposalGram",
    "ProposalRound",
    "ProposalSupport",
    "RetiredCard",
    "Sheet",
    "SubProject",
    "User",
]

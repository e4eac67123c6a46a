from .audit import AuditEntry
from .children import (
    Child,
    ChildAddress,
    ChildCSCStatus,
    ChildSENStatus,
    EducationProvider,
    Person,
    Relationship,
)
from .config import CaseworkSettings
from .contacts import Contact, Document, Judgement
from .episodes import (
    Alert,
    Episode,
    EpisodeEvent,
    FormalStep,
    InformationRequest,
    SafeguardingConcern,
    UnsuitablePeriod,
)
from .returns import (
    CMEEnquiry,
    ConsentRequest,
    DeletionReturn,
    ReturnAttachment,
    ReturnMessage,
    SchoolApiToken,
    SchoolMembership,
)
from .schools import School
from .visits import BookedVisit

__all__ = [
    "Alert",
    "AuditEntry",
    "BookedVisit",
    "CaseworkSettings",
    "Child",
    "ChildAddress",
    "ChildCSCStatus",
    "ChildSENStatus",
    "Contact",
    "Document",
    "EducationProvider",
    "Episode",
    "EpisodeEvent",
    "FormalStep",
    "InformationRequest",
    "Judgement",
    "Person",
    "Relationship",
    "SafeguardingConcern",
    "School",
    "SchoolApiToken",
    "SchoolMembership",
    "CMEEnquiry",
    "ConsentRequest",
    "DeletionReturn",
    "ReturnAttachment",
    "ReturnMessage",
    "UnsuitablePeriod",
]

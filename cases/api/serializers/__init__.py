"""Shapes of the casework API. Serializers only shape and type-check data: every rule about
what may be saved lives in ``cases.services``, and every write goes through one.

Records are identified by their opaque ``uid`` (children, people, episodes, documents);
contacts and judgements by their number, always alongside their episode's ``uid``.
"""

from .base import (
    CONTACT_OUTCOME_CHOICES,
    EPISODE_KIND_CHOICES,
    EPISODE_STATUS_CHOICES,
    FORMAL_STEP_KIND_CHOICES,
    SUITABILITY_OUTCOME_CHOICES,
    UidField,
)
from .children import (
    AddressSerializer,
    ChildCreateSerializer,
    ChildSearchResultSerializer,
    ChildSearchSerializer,
    ChildSerializer,
    ChildUpdateSerializer,
    PersonCreateSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    RelationshipSerializer,
    RelationshipWriteSerializer,
)
from .episodes import (
    AllocateSerializer,
    CloseSerializer,
    EpisodeCreateSerializer,
    EpisodeSerializer,
    FormalStepSerializer,
    Post16AdviceSerializer,
    TransitionSerializer,
)
from .records import (
    ContactCreateSerializer,
    ContactSerializer,
    DocumentCreateSerializer,
    DocumentSerializer,
    JudgementCreateSerializer,
    JudgementSerializer,
)

__all__ = [
    "CONTACT_OUTCOME_CHOICES",
    "EPISODE_KIND_CHOICES",
    "EPISODE_STATUS_CHOICES",
    "FORMAL_STEP_KIND_CHOICES",
    "SUITABILITY_OUTCOME_CHOICES",
    "AddressSerializer",
    "AllocateSerializer",
    "ChildCreateSerializer",
    "ChildSearchResultSerializer",
    "ChildSearchSerializer",
    "ChildSerializer",
    "ChildUpdateSerializer",
    "CloseSerializer",
    "FormalStepSerializer",
    "ContactCreateSerializer",
    "ContactSerializer",
    "DocumentCreateSerializer",
    "DocumentSerializer",
    "EpisodeCreateSerializer",
    "EpisodeSerializer",
    "JudgementCreateSerializer",
    "JudgementSerializer",
    "PersonCreateSerializer",
    "PersonSerializer",
    "PersonUpdateSerializer",
    "Post16AdviceSerializer",
    "RelationshipSerializer",
    "RelationshipWriteSerializer",
    "TransitionSerializer",
    "UidField",
]

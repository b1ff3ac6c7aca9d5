from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.actor_kind import ActorKind
from ..models.event_action import EventAction
from ..models.relationship_status import RelationshipStatus
from ..models.relationship_type import RelationshipType
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.feed_event_details import FeedEventDetails





T = TypeVar("T", bound="FeedEvent")



@_attrs_define
class FeedEvent:
    """ 
        Attributes:
            actor (str):
            actor_kind (ActorKind): Who made a change (rule 12): the user (through the tenant's app), a tenant admin, the
                operator, or an import.
            details (FeedEventDetails):
            event_id (str):
            from_status (None | RelationshipStatus):
            occurred_at (datetime.datetime):
            owner (str):
            relationship_type (None | RelationshipType):
            target (str):
            to_status (None | RelationshipStatus):
            type_ (EventAction):
     """

    actor: str
    actor_kind: ActorKind
    details: FeedEventDetails
    event_id: str
    from_status: None | RelationshipStatus
    occurred_at: datetime.datetime
    owner: str
    relationship_type: None | RelationshipType
    target: str
    to_status: None | RelationshipStatus
    type_: EventAction
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.feed_event_details import FeedEventDetails # noqa: PLC0415
        actor = self.actor

        actor_kind = self.actor_kind.value

        details = self.details.to_dict()

        event_id = self.event_id

        from_status: None | str
        if isinstance(self.from_status, RelationshipStatus):
            from_status = self.from_status.value
        else:
            from_status = self.from_status

        occurred_at = self.occurred_at.isoformat()

        owner = self.owner

        relationship_type: None | str
        if isinstance(self.relationship_type, RelationshipType):
            relationship_type = self.relationship_type.value
        else:
            relationship_type = self.relationship_type

        target = self.target

        to_status: None | str
        if isinstance(self.to_status, RelationshipStatus):
            to_status = self.to_status.value
        else:
            to_status = self.to_status

        type_ = self.type_.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "actor": actor,
            "actor_kind": actor_kind,
            "details": details,
            "event_id": event_id,
            "from_status": from_status,
            "occurred_at": occurred_at,
            "owner": owner,
            "relationship_type": relationship_type,
            "target": target,
            "to_status": to_status,
            "type": type_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.feed_event_details import FeedEventDetails # noqa: PLC0415
        d = dict(src_dict)
        actor = d.pop("actor")

        actor_kind = ActorKind(d.pop("actor_kind"))




        details = FeedEventDetails.from_dict(d.pop("details"))




        event_id = d.pop("event_id")

        def _parse_from_status(data: object) -> None | RelationshipStatus:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                from_status_type_0 = RelationshipStatus(data)



                return from_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RelationshipStatus, data)

        from_status = _parse_from_status(d.pop("from_status"))


        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))




        owner = d.pop("owner")

        def _parse_relationship_type(data: object) -> None | RelationshipType:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                relationship_type_type_0 = RelationshipType(data)



                return relationship_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RelationshipType, data)

        relationship_type = _parse_relationship_type(d.pop("relationship_type"))


        target = d.pop("target")

        def _parse_to_status(data: object) -> None | RelationshipStatus:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                to_status_type_0 = RelationshipStatus(data)



                return to_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RelationshipStatus, data)

        to_status = _parse_to_status(d.pop("to_status"))


        type_ = EventAction(d.pop("type"))




        feed_event = cls(
            actor=actor,
            actor_kind=actor_kind,
            details=details,
            event_id=event_id,
            from_status=from_status,
            occurred_at=occurred_at,
            owner=owner,
            relationship_type=relationship_type,
            target=target,
            to_status=to_status,
            type_=type_,
        )


        feed_event.additional_properties = d
        return feed_event

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

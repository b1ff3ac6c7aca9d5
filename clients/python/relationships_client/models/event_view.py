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
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.event_view_details import EventViewDetails





T = TypeVar("T", bound="EventView")



@_attrs_define
class EventView:
    """ 
        Attributes:
            action (EventAction):
            actor (str):
            actor_key_id (None | str):
            actor_kind (ActorKind): Who made a change (rule 12): the user (through the tenant's app), a tenant admin, the
                operator, or an import.
            at (datetime.datetime):
            details (EventViewDetails):
            from_status (None | RelationshipStatus):
            id (str):
            owner (str):
            target (str):
            to_status (None | RelationshipStatus):
            type_ (None | RelationshipType):
            actor_token_id (None | str | Unset):
     """

    action: EventAction
    actor: str
    actor_key_id: None | str
    actor_kind: ActorKind
    at: datetime.datetime
    details: EventViewDetails
    from_status: None | RelationshipStatus
    id: str
    owner: str
    target: str
    to_status: None | RelationshipStatus
    type_: None | RelationshipType
    actor_token_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.event_view_details import EventViewDetails # noqa: PLC0415
        action = self.action.value

        actor = self.actor

        actor_key_id: None | str
        actor_key_id = self.actor_key_id

        actor_kind = self.actor_kind.value

        at = self.at.isoformat()

        details = self.details.to_dict()

        from_status: None | str
        if isinstance(self.from_status, RelationshipStatus):
            from_status = self.from_status.value
        else:
            from_status = self.from_status

        id = self.id

        owner = self.owner

        target = self.target

        to_status: None | str
        if isinstance(self.to_status, RelationshipStatus):
            to_status = self.to_status.value
        else:
            to_status = self.to_status

        type_: None | str
        if isinstance(self.type_, RelationshipType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        actor_token_id: None | str | Unset
        if isinstance(self.actor_token_id, Unset):
            actor_token_id = UNSET
        else:
            actor_token_id = self.actor_token_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "action": action,
            "actor": actor,
            "actor_key_id": actor_key_id,
            "actor_kind": actor_kind,
            "at": at,
            "details": details,
            "from_status": from_status,
            "id": id,
            "owner": owner,
            "target": target,
            "to_status": to_status,
            "type": type_,
        })
        if actor_token_id is not UNSET:
            field_dict["actor_token_id"] = actor_token_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.event_view_details import EventViewDetails # noqa: PLC0415
        d = dict(src_dict)
        action = EventAction(d.pop("action"))




        actor = d.pop("actor")

        def _parse_actor_key_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_key_id = _parse_actor_key_id(d.pop("actor_key_id"))


        actor_kind = ActorKind(d.pop("actor_kind"))




        at = datetime.datetime.fromisoformat(d.pop("at"))




        details = EventViewDetails.from_dict(d.pop("details"))




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


        id = d.pop("id")

        owner = d.pop("owner")

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


        def _parse_type_(data: object) -> None | RelationshipType:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = RelationshipType(data)



                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RelationshipType, data)

        type_ = _parse_type_(d.pop("type"))


        def _parse_actor_token_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        actor_token_id = _parse_actor_token_id(d.pop("actor_token_id", UNSET))


        event_view = cls(
            action=action,
            actor=actor,
            actor_key_id=actor_key_id,
            actor_kind=actor_kind,
            at=at,
            details=details,
            from_status=from_status,
            id=id,
            owner=owner,
            target=target,
            to_status=to_status,
            type_=type_,
            actor_token_id=actor_token_id,
        )


        event_view.additional_properties = d
        return event_view

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

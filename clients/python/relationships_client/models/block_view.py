from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.relationship_status import RelationshipStatus
from ..models.relationship_type import RelationshipType
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.blocking import Blocking





T = TypeVar("T", bound="BlockView")



@_attrs_define
class BlockView:
    """ 
        Attributes:
            blocking (Blocking):
            created_at (datetime.datetime):
            status (RelationshipStatus):
            type_ (RelationshipType):
            updated_at (datetime.datetime):
            user_id (str):
     """

    blocking: Blocking
    created_at: datetime.datetime
    status: RelationshipStatus
    type_: RelationshipType
    updated_at: datetime.datetime
    user_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.blocking import Blocking # noqa: PLC0415
        blocking = self.blocking.to_dict()

        created_at = self.created_at.isoformat()

        status = self.status.value

        type_ = self.type_.value

        updated_at = self.updated_at.isoformat()

        user_id = self.user_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "blocking": blocking,
            "created_at": created_at,
            "status": status,
            "type": type_,
            "updated_at": updated_at,
            "user_id": user_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.blocking import Blocking # noqa: PLC0415
        d = dict(src_dict)
        blocking = Blocking.from_dict(d.pop("blocking"))




        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        status = RelationshipStatus(d.pop("status"))




        type_ = RelationshipType(d.pop("type"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        user_id = d.pop("user_id")

        block_view = cls(
            blocking=blocking,
            created_at=created_at,
            status=status,
            type_=type_,
            updated_at=updated_at,
            user_id=user_id,
        )


        block_view.additional_properties = d
        return block_view

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

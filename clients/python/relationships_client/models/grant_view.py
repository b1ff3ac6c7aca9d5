from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.permission import Permission
from typing import cast
import datetime






T = TypeVar("T", bound="GrantView")



@_attrs_define
class GrantView:
    """ 
        Attributes:
            granted_at (datetime.datetime):
            permission (Permission):
            resource_id (str):
            updated_at (datetime.datetime):
            user_id (str):
     """

    granted_at: datetime.datetime
    permission: Permission
    resource_id: str
    updated_at: datetime.datetime
    user_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        granted_at = self.granted_at.isoformat()

        permission = self.permission.value

        resource_id = self.resource_id

        updated_at = self.updated_at.isoformat()

        user_id = self.user_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "granted_at": granted_at,
            "permission": permission,
            "resource_id": resource_id,
            "updated_at": updated_at,
            "user_id": user_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        granted_at = datetime.datetime.fromisoformat(d.pop("granted_at"))




        permission = Permission(d.pop("permission"))




        resource_id = d.pop("resource_id")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        user_id = d.pop("user_id")

        grant_view = cls(
            granted_at=granted_at,
            permission=permission,
            resource_id=resource_id,
            updated_at=updated_at,
            user_id=user_id,
        )


        grant_view.additional_properties = d
        return grant_view

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

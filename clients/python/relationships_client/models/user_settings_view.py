from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="UserSettingsView")



@_attrs_define
class UserSettingsView:
    """ 
        Attributes:
            follow_requires_approval (bool):
            user_id (str):
     """

    follow_requires_approval: bool
    user_id: str





    def to_dict(self) -> dict[str, Any]:
        follow_requires_approval = self.follow_requires_approval

        user_id = self.user_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "follow_requires_approval": follow_requires_approval,
            "user_id": user_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        follow_requires_approval = d.pop("follow_requires_approval")

        user_id = d.pop("user_id")

        user_settings_view = cls(
            follow_requires_approval=follow_requires_approval,
            user_id=user_id,
        )

        return user_settings_view


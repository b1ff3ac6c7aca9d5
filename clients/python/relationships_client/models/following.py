from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="Following")



@_attrs_define
class Following:
    """ 
        Attributes:
            followed_at (datetime.datetime):
            approved_at (datetime.datetime | None | Unset):
            notifications_enabled (bool | Unset):  Default: True.
     """

    followed_at: datetime.datetime
    approved_at: datetime.datetime | None | Unset = UNSET
    notifications_enabled: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        followed_at = self.followed_at.isoformat()

        approved_at: None | str | Unset
        if isinstance(self.approved_at, Unset):
            approved_at = UNSET
        elif isinstance(self.approved_at, datetime.datetime):
            approved_at = self.approved_at.isoformat()
        else:
            approved_at = self.approved_at

        notifications_enabled = self.notifications_enabled


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "followed_at": followed_at,
        })
        if approved_at is not UNSET:
            field_dict["approved_at"] = approved_at
        if notifications_enabled is not UNSET:
            field_dict["notifications_enabled"] = notifications_enabled

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        followed_at = datetime.datetime.fromisoformat(d.pop("followed_at"))




        def _parse_approved_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                approved_at_type_0 = datetime.datetime.fromisoformat(data)



                return approved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        approved_at = _parse_approved_at(d.pop("approved_at", UNSET))


        notifications_enabled = d.pop("notifications_enabled", UNSET)

        following = cls(
            followed_at=followed_at,
            approved_at=approved_at,
            notifications_enabled=notifications_enabled,
        )


        following.additional_properties = d
        return following

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ErasedUser")



@_attrs_define
class ErasedUser:
    """ 
        Attributes:
            edges_removed (int):
            events_forgotten (int):
            grants_removed (int):
            pseudonym (str):
            settings_removed (int):
            user_id (str):
     """

    edges_removed: int
    events_forgotten: int
    grants_removed: int
    pseudonym: str
    settings_removed: int
    user_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        edges_removed = self.edges_removed

        events_forgotten = self.events_forgotten

        grants_removed = self.grants_removed

        pseudonym = self.pseudonym

        settings_removed = self.settings_removed

        user_id = self.user_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "edges_removed": edges_removed,
            "events_forgotten": events_forgotten,
            "grants_removed": grants_removed,
            "pseudonym": pseudonym,
            "settings_removed": settings_removed,
            "user_id": user_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        edges_removed = d.pop("edges_removed")

        events_forgotten = d.pop("events_forgotten")

        grants_removed = d.pop("grants_removed")

        pseudonym = d.pop("pseudonym")

        settings_removed = d.pop("settings_removed")

        user_id = d.pop("user_id")

        erased_user = cls(
            edges_removed=edges_removed,
            events_forgotten=events_forgotten,
            grants_removed=grants_removed,
            pseudonym=pseudonym,
            settings_removed=settings_removed,
            user_id=user_id,
        )


        erased_user.additional_properties = d
        return erased_user

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

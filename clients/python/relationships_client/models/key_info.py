from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.key_scope import KeyScope
from typing import cast
import datetime






T = TypeVar("T", bound="KeyInfo")



@_attrs_define
class KeyInfo:
    """ A key as listed: never the key, never its hash.

        Attributes:
            created_at (datetime.datetime):
            key_id (str):
            scope (KeyScope):
     """

    created_at: datetime.datetime
    key_id: str
    scope: KeyScope
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        key_id = self.key_id

        scope = self.scope.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "key_id": key_id,
            "scope": scope,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        key_id = d.pop("key_id")

        scope = KeyScope(d.pop("scope"))




        key_info = cls(
            created_at=created_at,
            key_id=key_id,
            scope=scope,
        )


        key_info.additional_properties = d
        return key_info

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

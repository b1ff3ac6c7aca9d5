from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.key_scope import KeyScope






T = TypeVar("T", bound="KeyBody")



@_attrs_define
class KeyBody:
    """ 
        Attributes:
            scope (KeyScope):
     """

    scope: KeyScope





    def to_dict(self) -> dict[str, Any]:
        scope = self.scope.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "scope": scope,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scope = KeyScope(d.pop("scope"))




        key_body = cls(
            scope=scope,
        )

        return key_body


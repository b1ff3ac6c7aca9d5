from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.permission import Permission






T = TypeVar("T", bound="GrantBody")



@_attrs_define
class GrantBody:
    """ 
        Attributes:
            permission (Permission):
     """

    permission: Permission





    def to_dict(self) -> dict[str, Any]:
        permission = self.permission.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "permission": permission,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        permission = Permission(d.pop("permission"))




        grant_body = cls(
            permission=permission,
        )

        return grant_body


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="TenantBody")



@_attrs_define
class TenantBody:
    """ 
        Attributes:
            name (str):
            tenant_id (str):
     """

    name: str
    tenant_id: str





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        tenant_id = self.tenant_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "tenant_id": tenant_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        tenant_id = d.pop("tenant_id")

        tenant_body = cls(
            name=name,
            tenant_id=tenant_id,
        )

        return tenant_body


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.deleted_tenant_removed import DeletedTenantRemoved





T = TypeVar("T", bound="DeletedTenant")



@_attrs_define
class DeletedTenant:
    """ 
        Attributes:
            removed (DeletedTenantRemoved):
            tenant_id (str):
     """

    removed: DeletedTenantRemoved
    tenant_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.deleted_tenant_removed import DeletedTenantRemoved # noqa: PLC0415
        removed = self.removed.to_dict()

        tenant_id = self.tenant_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "removed": removed,
            "tenant_id": tenant_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.deleted_tenant_removed import DeletedTenantRemoved # noqa: PLC0415
        d = dict(src_dict)
        removed = DeletedTenantRemoved.from_dict(d.pop("removed"))




        tenant_id = d.pop("tenant_id")

        deleted_tenant = cls(
            removed=removed,
            tenant_id=tenant_id,
        )


        deleted_tenant.additional_properties = d
        return deleted_tenant

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

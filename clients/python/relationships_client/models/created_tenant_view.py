from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.key_view import KeyView





T = TypeVar("T", bound="CreatedTenantView")



@_attrs_define
class CreatedTenantView:
    """ 
        Attributes:
            admin_key (str):
            app_key (str):
            keys (list[KeyView]):
            name (str):
            tenant_id (str):
     """

    admin_key: str
    app_key: str
    keys: list[KeyView]
    name: str
    tenant_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.key_view import KeyView # noqa: PLC0415
        admin_key = self.admin_key

        app_key = self.app_key

        keys = []
        for keys_item_data in self.keys:
            keys_item = keys_item_data.to_dict()
            keys.append(keys_item)



        name = self.name

        tenant_id = self.tenant_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "admin_key": admin_key,
            "app_key": app_key,
            "keys": keys,
            "name": name,
            "tenant_id": tenant_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.key_view import KeyView # noqa: PLC0415
        d = dict(src_dict)
        admin_key = d.pop("admin_key")

        app_key = d.pop("app_key")

        keys = []
        _keys = d.pop("keys")
        for keys_item_data in (_keys):
            keys_item = KeyView.from_dict(keys_item_data)



            keys.append(keys_item)


        name = d.pop("name")

        tenant_id = d.pop("tenant_id")

        created_tenant_view = cls(
            admin_key=admin_key,
            app_key=app_key,
            keys=keys,
            name=name,
            tenant_id=tenant_id,
        )


        created_tenant_view.additional_properties = d
        return created_tenant_view

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

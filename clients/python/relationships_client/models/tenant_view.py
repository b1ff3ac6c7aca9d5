from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.key_info import KeyInfo
  from ..models.tenant_settings import TenantSettings





T = TypeVar("T", bound="TenantView")



@_attrs_define
class TenantView:
    """ 
        Attributes:
            created_at (datetime.datetime):
            keys (list[KeyInfo]):
            name (str):
            settings (TenantSettings):
            tenant_id (str):
     """

    created_at: datetime.datetime
    keys: list[KeyInfo]
    name: str
    settings: TenantSettings
    tenant_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.key_info import KeyInfo # noqa: PLC0415
        from ..models.tenant_settings import TenantSettings # noqa: PLC0415
        created_at = self.created_at.isoformat()

        keys = []
        for keys_item_data in self.keys:
            keys_item = keys_item_data.to_dict()
            keys.append(keys_item)



        name = self.name

        settings = self.settings.to_dict()

        tenant_id = self.tenant_id


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created_at": created_at,
            "keys": keys,
            "name": name,
            "settings": settings,
            "tenant_id": tenant_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.key_info import KeyInfo # noqa: PLC0415
        from ..models.tenant_settings import TenantSettings # noqa: PLC0415
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        keys = []
        _keys = d.pop("keys")
        for keys_item_data in (_keys):
            keys_item = KeyInfo.from_dict(keys_item_data)



            keys.append(keys_item)


        name = d.pop("name")

        settings = TenantSettings.from_dict(d.pop("settings"))




        tenant_id = d.pop("tenant_id")

        tenant_view = cls(
            created_at=created_at,
            keys=keys,
            name=name,
            settings=settings,
            tenant_id=tenant_id,
        )


        tenant_view.additional_properties = d
        return tenant_view

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.row_error_view import RowErrorView





T = TypeVar("T", bound="ImportResult")



@_attrs_define
class ImportResult:
    """ 
        Attributes:
            created (int):
            errors (list[RowErrorView]):
            failed (int):
            received (int):
            unchanged (int):
            updated (int):
     """

    created: int
    errors: list[RowErrorView]
    failed: int
    received: int
    unchanged: int
    updated: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.row_error_view import RowErrorView # noqa: PLC0415
        created = self.created

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)



        failed = self.failed

        received = self.received

        unchanged = self.unchanged

        updated = self.updated


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "created": created,
            "errors": errors,
            "failed": failed,
            "received": received,
            "unchanged": unchanged,
            "updated": updated,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.row_error_view import RowErrorView # noqa: PLC0415
        d = dict(src_dict)
        created = d.pop("created")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in (_errors):
            errors_item = RowErrorView.from_dict(errors_item_data)



            errors.append(errors_item)


        failed = d.pop("failed")

        received = d.pop("received")

        unchanged = d.pop("unchanged")

        updated = d.pop("updated")

        import_result = cls(
            created=created,
            errors=errors,
            failed=failed,
            received=received,
            unchanged=unchanged,
            updated=updated,
        )


        import_result.additional_properties = d
        return import_result

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

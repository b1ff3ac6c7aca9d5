from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="ErasureCounts")



@_attrs_define
class ErasureCounts:
    """ 
        Attributes:
            edges_removed (int):
            events_forgotten (int):
            grants_removed (int):
            settings_removed (int):
     """

    edges_removed: int
    events_forgotten: int
    grants_removed: int
    settings_removed: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        edges_removed = self.edges_removed

        events_forgotten = self.events_forgotten

        grants_removed = self.grants_removed

        settings_removed = self.settings_removed


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "edges_removed": edges_removed,
            "events_forgotten": events_forgotten,
            "grants_removed": grants_removed,
            "settings_removed": settings_removed,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        edges_removed = d.pop("edges_removed")

        events_forgotten = d.pop("events_forgotten")

        grants_removed = d.pop("grants_removed")

        settings_removed = d.pop("settings_removed")

        erasure_counts = cls(
            edges_removed=edges_removed,
            events_forgotten=events_forgotten,
            grants_removed=grants_removed,
            settings_removed=settings_removed,
        )


        erasure_counts.additional_properties = d
        return erasure_counts

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

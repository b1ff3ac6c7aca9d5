from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.edge_source import EdgeSource
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="FollowBody")



@_attrs_define
class FollowBody:
    """ 
        Attributes:
            notifications_enabled (bool | None | Unset):
            source (EdgeSource | None | Unset):
     """

    notifications_enabled: bool | None | Unset = UNSET
    source: EdgeSource | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        notifications_enabled: bool | None | Unset
        if isinstance(self.notifications_enabled, Unset):
            notifications_enabled = UNSET
        else:
            notifications_enabled = self.notifications_enabled

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        elif isinstance(self.source, EdgeSource):
            source = self.source.value
        else:
            source = self.source


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if notifications_enabled is not UNSET:
            field_dict["notifications_enabled"] = notifications_enabled
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_notifications_enabled(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        notifications_enabled = _parse_notifications_enabled(d.pop("notifications_enabled", UNSET))


        def _parse_source(data: object) -> EdgeSource | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                source_type_0 = EdgeSource(data)



                return source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EdgeSource | None | Unset, data)

        source = _parse_source(d.pop("source", UNSET))


        follow_body = cls(
            notifications_enabled=notifications_enabled,
            source=source,
        )

        return follow_body


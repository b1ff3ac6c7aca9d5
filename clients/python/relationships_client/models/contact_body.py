from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.edge_source import EdgeSource
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ContactBody")



@_attrs_define
class ContactBody:
    """ 
        Attributes:
            imported_from (None | str | Unset):
            nickname (None | str | Unset):
            notes (None | str | Unset):
            source (EdgeSource | None | Unset):
     """

    imported_from: None | str | Unset = UNSET
    nickname: None | str | Unset = UNSET
    notes: None | str | Unset = UNSET
    source: EdgeSource | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        imported_from: None | str | Unset
        if isinstance(self.imported_from, Unset):
            imported_from = UNSET
        else:
            imported_from = self.imported_from

        nickname: None | str | Unset
        if isinstance(self.nickname, Unset):
            nickname = UNSET
        else:
            nickname = self.nickname

        notes: None | str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes

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
        if imported_from is not UNSET:
            field_dict["imported_from"] = imported_from
        if nickname is not UNSET:
            field_dict["nickname"] = nickname
        if notes is not UNSET:
            field_dict["notes"] = notes
        if source is not UNSET:
            field_dict["source"] = source

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_imported_from(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        imported_from = _parse_imported_from(d.pop("imported_from", UNSET))


        def _parse_nickname(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        nickname = _parse_nickname(d.pop("nickname", UNSET))


        def _parse_notes(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))


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


        contact_body = cls(
            imported_from=imported_from,
            nickname=nickname,
            notes=notes,
            source=source,
        )

        return contact_body


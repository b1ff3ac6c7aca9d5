from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.import_import_contacts_json_body_item_source import ImportImportContactsJsonBodyItemSource
from ..types import UNSET, Unset






T = TypeVar("T", bound="ImportImportContactsJsonBodyItem")



@_attrs_define
class ImportImportContactsJsonBodyItem:
    """ 
        Attributes:
            target_user_id (str):
            user_id (str):
            imported_from (str | Unset):
            nickname (str | Unset):
            notes (str | Unset):
            source (ImportImportContactsJsonBodyItemSource | Unset):  Default:
                ImportImportContactsJsonBodyItemSource.IMPORTED.
     """

    target_user_id: str
    user_id: str
    imported_from: str | Unset = UNSET
    nickname: str | Unset = UNSET
    notes: str | Unset = UNSET
    source: ImportImportContactsJsonBodyItemSource | Unset = ImportImportContactsJsonBodyItemSource.IMPORTED





    def to_dict(self) -> dict[str, Any]:
        target_user_id = self.target_user_id

        user_id = self.user_id

        imported_from = self.imported_from

        nickname = self.nickname

        notes = self.notes

        source: str | Unset = UNSET
        if not isinstance(self.source, Unset):
            source = self.source.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
            "target_user_id": target_user_id,
            "user_id": user_id,
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
        target_user_id = d.pop("target_user_id")

        user_id = d.pop("user_id")

        imported_from = d.pop("imported_from", UNSET)

        nickname = d.pop("nickname", UNSET)

        notes = d.pop("notes", UNSET)

        _source = d.pop("source", UNSET)
        source: ImportImportContactsJsonBodyItemSource | Unset
        if isinstance(_source,  Unset):
            source = UNSET
        else:
            source = ImportImportContactsJsonBodyItemSource(_source)




        import_import_contacts_json_body_item = cls(
            target_user_id=target_user_id,
            user_id=user_id,
            imported_from=imported_from,
            nickname=nickname,
            notes=notes,
            source=source,
        )

        return import_import_contacts_json_body_item


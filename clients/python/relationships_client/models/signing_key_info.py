from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="SigningKeyInfo")



@_attrs_define
class SigningKeyInfo:
    """ A user-token signing key as listed: never its secret.

        Attributes:
            accepted_until (datetime.datetime | None):
            created_at (datetime.datetime):
            kid (str):
     """

    accepted_until: datetime.datetime | None
    created_at: datetime.datetime
    kid: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        accepted_until: None | str
        if isinstance(self.accepted_until, datetime.datetime):
            accepted_until = self.accepted_until.isoformat()
        else:
            accepted_until = self.accepted_until

        created_at = self.created_at.isoformat()

        kid = self.kid


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "accepted_until": accepted_until,
            "created_at": created_at,
            "kid": kid,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_accepted_until(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_until_type_0 = datetime.datetime.fromisoformat(data)



                return accepted_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        accepted_until = _parse_accepted_until(d.pop("accepted_until"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        kid = d.pop("kid")

        signing_key_info = cls(
            accepted_until=accepted_until,
            created_at=created_at,
            kid=kid,
        )


        signing_key_info.additional_properties = d
        return signing_key_info

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

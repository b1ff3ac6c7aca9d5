from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="RateLimitBody")



@_attrs_define
class RateLimitBody:
    """ 
        Attributes:
            per_second (float | None): 0: no limit; null: default
            burst (int | None | Unset): null: the service's default
     """

    per_second: float | None
    burst: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        per_second: float | None
        per_second = self.per_second

        burst: int | None | Unset
        if isinstance(self.burst, Unset):
            burst = UNSET
        else:
            burst = self.burst


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "per_second": per_second,
        })
        if burst is not UNSET:
            field_dict["burst"] = burst

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_per_second(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        per_second = _parse_per_second(d.pop("per_second"))


        def _parse_burst(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        burst = _parse_burst(d.pop("burst", UNSET))


        rate_limit_body = cls(
            per_second=per_second,
            burst=burst,
        )

        return rate_limit_body

